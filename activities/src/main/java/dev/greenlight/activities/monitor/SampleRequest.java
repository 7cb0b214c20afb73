package dev.greenlight.activities.monitor;

import dev.greenlight.api.activities.MonitorBaseline;
import java.time.Duration;

/**
 * What one sample is about.
 *
 * @param baseline what was measured on the live color before the switch
 * @param target the color being released ({@code ${COLOR}})
 * @param live the color traffic comes from, for {@code compare: live} (null: not known)
 * @param trafficPercent traffic share on {@code target}; below 100 the live color still serves
 * @param window the range one sample covers ({@code ${WINDOW}}): {@code monitor.interval}
 */
public record SampleRequest(
    MonitorBaseline baseline, String target, String live, int trafficPercent, Duration window) {}
