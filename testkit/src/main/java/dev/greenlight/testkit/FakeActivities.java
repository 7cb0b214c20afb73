package dev.greenlight.testkit;

import dev.greenlight.api.activities.DeployActivities;
import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorPolicy;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorRules;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.MonitorStreak;
import dev.greenlight.api.activities.MonitorVerdict;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.activities.WatchPlan;
import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.model.Color;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory stand-ins for every activity of a release, answering at once: a router that remembers
 * the live color, a migration that applies V2, a monitor that judges made-up samples with the real
 * policy, and steps that fail on demand. Records what was called so tests can assert what a user
 * would see. Register it on a worker in place of the real activities:
 *
 * <pre>{@code
 * FakeActivities fake = new FakeActivities();
 * // deploy, health, migrate, smoke-target, smoke-live, switch, verify
 * fake.failing.add("smoke-target");
 * worker.registerActivitiesImplementations(fake);
 * }</pre>
 */
public final class FakeActivities
    implements DeployActivities,
        HealthActivities,
        MigrationActivities,
        SmokeActivities,
        TrafficActivities,
        MonitorActivities {

  /** Steps that fail (non-retryable, with the real failure type): see the class comment. */
  public final Set<String> failing = ConcurrentHashMap.newKeySet();

  /** What was called, e.g. "deploy green 2.0.0", "switch green 100", "watch 150s". */
  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  /** The color the router serves (all of it at 100%). */
  public volatile Color live = Color.BLUE;

  /** The share of traffic on the color last switched to. */
  public volatile int share = 100;

  /** Monitor sample index (1-based, over the whole release) that returns ROLLBACK; 0 = never. */
  public volatile int breachAtSample = 0;

  /**
   * Monitor sample indexes (1-based, as {@link #breachAtSample}) that are INCONCLUSIVE (no data),
   * from {@code [0]} to {@code [1]} inclusive; {0, 0} = none.
   */
  public volatile int[] inconclusiveSamples = {0, 0};

  /** When true, watch() heartbeats until cancelled instead of returning. */
  public volatile boolean monitorBlocks = false;

  /** Monitor samples taken so far. */
  public final AtomicInteger samples = new AtomicInteger();

  /** Traffic switches so far (every switchTo call). */
  public final AtomicInteger switches = new AtomicInteger();

  /** What deploy() reports (a hook's output, say); null: "deployed VERSION to COLOR". */
  public volatile String deployOutput = null;

  private void maybeFail(String step, String type) {
    if (failing.contains(step)) {
      throw ApplicationFailure.newNonRetryableFailure(step + " broke on purpose", type);
    }
  }

  @Override
  public String deploy(ReleaseContext ctx, Color color) {
    calls.add("deploy " + color + " " + ctx.version());
    maybeFail("deploy", "DeployFailed");
    return deployOutput != null ? deployOutput : "deployed " + ctx.version() + " to " + color;
  }

  @Override
  public String awaitHealthy(ReleaseContext ctx, Color color) {
    calls.add("health " + color);
    maybeFail("health", "HealthTimeout");
    return color + " healthy, reports " + ctx.version();
  }

  @Override
  public MigrationReport migrate(ReleaseContext ctx) {
    calls.add("migrate");
    maybeFail("migrate", "MigrationFailed");
    if (failing.contains("migrate-after-v2")) {
      // as MigrationActivitiesImpl does: the migrations applied before the failing one travel in
      // the details
      throw ApplicationFailure.newNonRetryableFailure(
          "migration V3__orders.sql failed at line 1 and was rolled back: PostgreSQL said ERROR:"
              + " relation \"orders\" does not exist [SQLSTATE 42P01]",
          "MigrationFailed",
          new MigrationReport(
              List.of(new AppliedMigration("2", "add order note", "V2__add_order_note.sql", 12345)),
              "2",
              "applied V2 (add order note); schema now at version 2"));
    }
    return new MigrationReport(
        List.of(new AppliedMigration("2", "add order note", "V2__add_order_note.sql", 12345)),
        "2",
        "applied V2");
  }

  @Override
  public SmokeReport smoke(ReleaseContext ctx, Color color) {
    calls.add("smoke " + color);
    boolean targetFails = failing.contains("smoke-target") && color != live;
    boolean liveFails = failing.contains("smoke-live") && color == live;
    boolean ok = !targetFails && !liveFails;
    return new SmokeReport(
        ok,
        List.of(new SmokeReport.CheckResult("catalogue", ok, ok ? "200 in 3ms" : "500 in 2ms")));
  }

  @Override
  public Color liveColor(ReleaseContext ctx) {
    calls.add("live?");
    return live;
  }

  @Override
  public String switchTo(ReleaseContext ctx, Color color, int percent) {
    calls.add("switch " + color + " " + percent);
    switches.incrementAndGet();
    if (color != live || percent != 100) maybeFail("switch", "SwitchFailed");
    if (percent == 100) {
      live = color;
      share = 100;
    } else {
      share = percent;
    }
    return "routed";
  }

  @Override
  public String verifyServing(ReleaseContext ctx, Color color) {
    calls.add("verify " + color);
    if (color != Color.BLUE) maybeFail("verify", "VerificationFailed");
    return "20/20 responses from " + color;
  }

  @Override
  public long baseline(ReleaseContext ctx) {
    calls.add("baseline");
    return 40;
  }

  @Override
  public MonitorReport watch(ReleaseContext ctx, Duration length, long baselineP95Ms) {
    calls.add("watch " + length.toSeconds() + "s");
    if (monitorBlocks) {
      while (true) {
        Activity.getExecutionContext().heartbeat(null); // throws once the workflow cancels us
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          throw new RuntimeException(e);
        }
      }
    }
    long n = length.toMillis() / ctx.spec().monitor().interval().toMillis();
    List<MonitorSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = samples.incrementAndGet();
      boolean bad = breachAtSample > 0 && index >= breachAtSample;
      MonitorSample s =
          MonitorPolicy.judge(
              ctx.spec().monitor(), baselineP95Ms, "2026-11-26T10:00:00Z", 10, bad ? 4 : 0, 35);
      out.add(s);
      if ("ROLLBACK".equals(s.verdict())) return new MonitorReport(out, true, s.reason());
    }
    return new MonitorReport(out, false, null);
  }

  /** As the real monitor: grid points of the plan, with minRequests/consecutive/inconclusive. */
  @Override
  public MonitorReport watchGrid(ReleaseContext ctx, WatchPlan plan) {
    long interval = ctx.spec().monitor().interval().toMillis();
    long first = plan.nextSample();
    long last = (plan.untilMillis() - plan.gridStartMillis()) / interval;
    calls.add("watch " + Math.max(0, last - first + 1) * interval / 1000 + "s");
    if (monitorBlocks) return watch(ctx, plan.length(), plan.baseline().p95Ms());
    MonitorStreak streak = plan.streak() == null ? MonitorStreak.NONE : plan.streak();
    List<MonitorSample> out = new ArrayList<>();
    for (long k = first; k <= last; k++) {
      int index = samples.incrementAndGet();
      boolean bad = breachAtSample > 0 && index >= breachAtSample;
      int[] none = inconclusiveSamples;
      MonitorSample raw =
          index >= none[0] && index <= none[1]
              ? new MonitorSample(
                  "2026-11-26T10:00:00Z", 0, 0, 0, MonitorVerdict.INCONCLUSIVE, "no data")
              : MonitorPolicy.judge(
                  ctx.spec().monitor(),
                  plan.baseline().p95Ms(),
                  "2026-11-26T10:00:00Z",
                  10,
                  bad ? 4 : 0,
                  35);
      MonitorRules.Judged j =
          MonitorRules.apply(
              ctx.spec().monitor(), streak, MonitorRules.enoughRequests(ctx.spec().monitor(), raw));
      streak = j.streak();
      out.add(j.sample());
      if (j.action() != MonitorRules.Action.NONE) {
        boolean rollback = j.action() == MonitorRules.Action.ROLLBACK;
        return new MonitorReport(out, rollback, j.reason(), !rollback, streak, k + 1);
      }
    }
    return new MonitorReport(out, false, null, false, streak, Math.max(first, last + 1));
  }
}
