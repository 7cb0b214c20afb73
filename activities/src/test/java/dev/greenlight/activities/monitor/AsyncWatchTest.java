package dev.greenlight.activities.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.monitor.scripted.ScriptedSource;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorBaseline;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.MonitorStreak;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.WatchPlan;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watchGrid} completed asynchronously by the worker's {@link MonitorScheduler}: the same
 * report as the synchronous path, no activity slot held while it waits, and an abort stops it.
 */
class AsyncWatchTest {
  private static final String ASYNC = "monitor-async";
  private static final String SYNC = "monitor-sync";

  @TempDir Path dir;
  private TestWorkflowEnvironment env;
  private MonitorActivitiesImpl async;

  /** Where the test workflow's watch ended. */
  public record Outcome(MonitorReport report, String failure) {}

  /** A workflow that runs one watch, and cancels it on {@code abort}. */
  @WorkflowInterface
  public interface WatchWorkflow {
    @WorkflowMethod
    Outcome watch(ReleaseContext ctx, WatchPlan plan);

    @SignalMethod
    void abort();
  }

  public static class WatchWorkflowImpl implements WatchWorkflow {
    private boolean aborted;

    @Override
    public Outcome watch(ReleaseContext ctx, WatchPlan plan) {
      MonitorActivities monitor =
          Workflow.newActivityStub(
              MonitorActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(2))
                  .setHeartbeatTimeout(Duration.ofSeconds(3))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                  .build());
      List<Promise<MonitorReport>> report = new ArrayList<>();
      CancellationScope scope =
          Workflow.newCancellationScope(
              () -> {
                report.add(Async.function(monitor::watchGrid, ctx, plan));
              });
      scope.run();
      Workflow.await(() -> aborted || report.get(0).isCompleted());
      if (aborted) scope.cancel();
      try {
        return new Outcome(report.get(0).get(), null);
      } catch (ActivityFailure f) {
        Throwable cause = f.getCause();
        if (cause instanceof CanceledFailure) return new Outcome(null, "cancelled");
        if (cause instanceof ApplicationFailure a) return new Outcome(null, a.getType());
        return new Outcome(null, String.valueOf(cause));
      }
    }

    @Override
    public void abort() {
      aborted = true;
    }
  }

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    // two activity slots: with a thread and a slot per watch, only two could watch at once
    WorkerOptions twoSlots =
        WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(2).build();
    Worker asyncWorker = env.newWorker(ASYNC, twoSlots);
    asyncWorker.registerWorkflowImplementationTypes(WatchWorkflowImpl.class);
    async = new MonitorActivitiesImpl();
    async.completeWith(env.getWorkflowClient().newActivityCompletionClient());
    asyncWorker.registerActivitiesImplementations(async);
    Worker syncWorker = env.newWorker(SYNC, twoSlots);
    syncWorker.registerWorkflowImplementationTypes(WatchWorkflowImpl.class);
    syncWorker.registerActivitiesImplementations(new MonitorActivitiesImpl());
    env.start();
  }

  @AfterEach
  void tearDown() {
    async.stopCompleting();
    env.close();
    ScriptedSource.VERDICTS.clear();
  }

  @Test
  void theAsynchronousWatchReportsWhatTheSynchronousOneDoes() {
    List<List<String>> scripts =
        List.of(
            List.of("OK", "ALERT", "OK"), // the whole stretch
            List.of("ROLLBACK", "OK", "ROLLBACK", "ROLLBACK"), // consecutive: 2, then a rollback
            List.of("OK", "FAIL")); // the source fails: the same failure type
    for (List<String> script : scripts) {
      ScriptedSource.VERDICTS.addAll(script);
      Outcome sync = start(SYNC, 300, plan(300, 5)).join();
      ScriptedSource.VERDICTS.clear();
      ScriptedSource.VERDICTS.addAll(script);
      Outcome asynchronous = start(ASYNC, 300, plan(300, 5)).join();
      ScriptedSource.VERDICTS.clear();

      assertThat(asynchronous).as("script %s", script).isEqualTo(sync);
    }
    // and they are the reports the scripts call for
    ScriptedSource.VERDICTS.addAll(scripts.get(1));
    Outcome rollback = start(ASYNC, 300, plan(300, 5)).join();
    assertThat(rollback.report().breached()).isTrue();
    assertThat(rollback.report().samples())
        .extracting(s -> s.verdict())
        .containsExactly("ALERT", "OK", "ALERT", "ROLLBACK");
    assertThat(rollback.report().nextSample()).isEqualTo(5);
    ScriptedSource.VERDICTS.addAll(scripts.get(2));
    assertThat(start(ASYNC, 300, plan(300, 5)).join().failure()).isEqualTo("ScriptedFailure");
    ScriptedSource.VERDICTS.clear();
    Outcome healthy = start(ASYNC, 300, plan(300, 5)).join();
    assertThat(healthy.report().samples()).hasSize(5);
    assertThat(healthy.report().breached()).isFalse();
    assertThat(healthy.report().nextSample()).isEqualTo(6);
    assertThat(async.watchingAsynchronously()).isZero();
  }

  @Test
  void tenWatchesOnTwoActivitySlotsAllTakeEveryGridPoint() {
    WatchPlan plan = plan(500, 3);
    List<CompletableFuture<Outcome>> watches = new ArrayList<>();
    for (int i = 0; i < 10; i++) watches.add(start(ASYNC, 500, plan));

    for (CompletableFuture<Outcome> w : watches) {
      Outcome outcome = w.join();
      // a watch that had waited for a slot would have found its points passed, and skipped them
      assertThat(outcome.failure()).isNull();
      assertThat(outcome.report().samples()).hasSize(3);
      assertThat(outcome.report().nextSample()).isEqualTo(4);
    }
    assertThat(async.watchingAsynchronously()).isZero();
  }

  @Test
  void anAbortReachesAnAsynchronousWatchAndStopsIt() throws Exception {
    ScriptedSource.VERDICTS.addAll(List.of("OK", "OK"));
    String id = "watch-" + UUID.randomUUID();
    CompletableFuture<Outcome> watching = start(ASYNC, 200, plan(200, 300), id);
    while (!ScriptedSource.VERDICTS.isEmpty()) Thread.sleep(20); // two samples taken
    assertThat(async.watchingAsynchronously()).isEqualTo(1);

    env.getWorkflowClient().newWorkflowStub(WatchWorkflow.class, id).abort();
    Outcome outcome = watching.get(30, TimeUnit.SECONDS); // the stretch would last a minute

    assertThat(outcome.failure()).isEqualTo("cancelled");
    assertThat(async.watchingAsynchronously()).isZero();
  }

  @Test
  void aSlowServiceDoesNotMakeTheSamplesOfManyWatchesLate() {
    // 12 releases probe a service that answers after 1.2 s, their samples due at the same
    // moments. Each slow sample holds a sampling thread for 1.2 s; with fewer threads than
    // releases (there were 8), the last ones start 1.2 s after their grid point: sample jitter.
    ColorBackend service = ColorBackend.start();
    try {
      service.on("/slow", x -> Reply.ok("[]").delayed(1200));
      long interval = 2000;
      WatchPlan plan = plan(interval, 3, 6000); // time to start 12 watches and warm up
      ReleaseContext ctx =
          SpecBuilder.in(dir)
              .with("health", "{path: /health, versionField: version}")
              .with(
                  "router",
                  "{type: command, url: \""
                      + service.url()
                      + "\", command: {switch: [\"true\"], active: [\"echo\", \"blue\"]}}")
              .with(
                  "monitor",
                  "{window: 1m, interval: "
                      + interval
                      + "ms, path: /slow, requestsPerSample: 5, errorRate: {alert: 0.5, rollback:"
                      + " 0.9}, p95: {alert: 20000ms, rollback: 30000ms}}")
              .context();
      List<CompletableFuture<Outcome>> watches = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        watches.add(execute(ASYNC, ctx, plan, "watch-" + UUID.randomUUID()));
      }

      for (CompletableFuture<Outcome> w : watches) {
        Outcome outcome = w.join();
        assertThat(outcome.failure()).isNull();
        List<MonitorSample> samples = outcome.report().samples();
        assertThat(samples).hasSize(3).allMatch(s -> s.verdict().equals("OK"), "OK");
        for (int k = 0; k < samples.size(); k++) {
          long due = plan.gridStartMillis() + (k + 1) * interval;
          long lag = Instant.parse(samples.get(k).at()).toEpochMilli() - due;
          assertThat(lag)
              .as("sample %d started %d ms after its grid point", k + 1, lag)
              .isBetween(-100L, 1000L);
        }
      }
    } finally {
      service.close();
    }
  }

  /** Grid points 1..{@code points}, the first 2.5 s from now (a loaded machine starts late). */
  private static WatchPlan plan(long interval, int points) {
    return plan(interval, points, 2500);
  }

  /** Grid points 1..{@code points}, the first {@code leadMillis} from now. */
  private static WatchPlan plan(long interval, int points, long leadMillis) {
    long now = System.currentTimeMillis();
    long start = now + leadMillis - interval;
    long until = start + points * interval;
    return new WatchPlan(
        Duration.ofMillis(until - now),
        MonitorBaseline.ofP95(ScriptedSource.BASELINE_MS),
        start,
        until,
        now,
        1,
        MonitorStreak.NONE,
        "green",
        "blue",
        100);
  }

  private CompletableFuture<Outcome> start(String queue, long interval, WatchPlan plan) {
    return start(queue, interval, plan, "watch-" + UUID.randomUUID());
  }

  private CompletableFuture<Outcome> start(String queue, long interval, WatchPlan plan, String id) {
    ReleaseContext ctx =
        SpecBuilder.in(dir)
            .with("monitor", "{source: scripted, interval: " + interval + "ms, consecutive: 2}")
            .context();
    return execute(queue, ctx, plan, id);
  }

  private CompletableFuture<Outcome> execute(
      String queue, ReleaseContext ctx, WatchPlan plan, String id) {
    WatchWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                WatchWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id).build());
    return WorkflowClient.execute(wf::watch, ctx, plan);
  }
}
