package dev.greenlight.api.activities;

import java.time.Duration;

/**
 * One stretch of monitoring, on an absolute grid: samples fall at {@code gridStartMillis + k *
 * monitor.interval}, whichever stretch (or worker, after a restart) takes them.
 *
 * @param length how long the stretch lasts, as the workflow saw it when it scheduled it
 * @param baseline what was measured before the switch
 * @param gridStartMillis when the grid began (workflow time, epoch ms)
 * @param untilMillis the last grid point this stretch samples is at or before this (epoch ms)
 * @param issuedAtMillis the workflow's time when it scheduled the stretch (epoch ms)
 * @param nextSample k of the next grid point to sample
 * @param streak bad and inconclusive samples in a row before this stretch
 * @param target the color being released (the sources' {@code ${COLOR}})
 * @param live the color traffic comes from ({@code compare: live})
 * @param trafficPercent traffic share on {@code target}
 */
public record WatchPlan(
    Duration length,
    MonitorBaseline baseline,
    long gridStartMillis,
    long untilMillis,
    long issuedAtMillis,
    long nextSample,
    MonitorStreak streak,
    String target,
    String live,
    int trafficPercent) {}
