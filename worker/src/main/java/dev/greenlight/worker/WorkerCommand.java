package dev.greenlight.worker;

import dev.greenlight.activities.GreenlightActivities;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.archive.ReleaseArchive;
import dev.greenlight.client.cli.ArchiveOptions;
import dev.greenlight.client.cli.ConnectionOptions;
import dev.greenlight.worker.archive.ReleaseArchiver;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code greenlight worker}: runs releases (workflow and activities) until stopped; SIGTERM drains.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a worker (workflows and activities) until stopped; SIGTERM drains it.",
      "The worker reads database passwords from the env vars the specs name"
          + " (database.passwordEnv).",
      "With --archive-url it also archives every ended release to PostgreSQL."
    })
public final class WorkerCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Mixin ArchiveOptions archive;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = {
        "On SIGTERM: how long running steps (a deploy hook, say) may finish (default"
            + " ${DEFAULT-VALUE}).",
        "Hooks still running then are stopped and run again by the next worker.",
        "Give the process supervisor a stop timeout above this plus 20s."
      })
  String drainTimeout;

  @Option(
      names = "--archive-interval",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description = "How often to look for ended releases (default: ${DEFAULT-VALUE}).")
  String archiveInterval;

  @Option(
      names = "--max-concurrent-activities",
      paramLabel = "N",
      defaultValue = "200",
      description =
          "Steps (deploy, health, migrate, smoke, monitor watches) run at once (default"
              + " ${DEFAULT-VALUE}); switches and rollbacks have slots of their own.")
  int maxConcurrentActivities;

  @Option(
      names = "--max-concurrent-workflow-tasks",
      paramLabel = "N",
      defaultValue = "200",
      description = "Workflow tasks processed at once (default ${DEFAULT-VALUE}).")
  int maxConcurrentWorkflowTasks;

  @Option(
      names = "--sticky-cache-size",
      paramLabel = "N",
      defaultValue = "600",
      description =
          "Releases kept in memory between their steps, so a step does not replay the whole"
              + " history (default ${DEFAULT-VALUE}); one while the sticky queue is off.")
  int stickyCacheSize;

  @Option(
      names = "--sticky-schedule-to-start",
      paramLabel = "DURATION",
      description =
          "How long a workflow task waits on this worker's sticky queue before any worker may"
              + " take it; 0s turns the sticky queue off (every task replays the release's"
              + " history). Default: the SDK's (5s) on a real Temporal, 0s on the Java test"
              + " server, which never moves a task off a dead worker's sticky queue.")
  String stickyScheduleToStart;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve /metrics (Prometheus text format) on this port: the Temporal SDK's metrics and"
              + " the releases' (greenlight_*). Off by default.")
  Integer metricsPort;

  @Option(
      names = "--metrics-bind",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description =
          "The address /metrics listens on (default ${DEFAULT-VALUE}: this machine only).")
  String metricsBind;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration drain;
    try {
      drain = Durations.parse(drainTimeout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--drain-timeout: " + e.getMessage());
    }
    ReleaseArchive releaseArchive = null; // without --archive-url nothing is archived
    Duration interval = null;
    if (archive.configured()) {
      interval =
          archiveInterval(); // a bad interval is a usage mistake too, found before anything starts
      releaseArchive = archive.open();
    }
    WorkerTuning tuning = tuning(); // usage mistakes first, before anything starts
    if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535))
      throw new ParameterException(
          spec.commandLine(), "--metrics-port: " + metricsPort + " is outside 1..65535");
    TemporalConnection temporal = connection.openAsWorker();
    WorkerMetrics metrics = metricsPort == null ? null : serveMetrics(temporal);
    WorkflowClient workerClient =
        metrics == null ? temporal.client() : metrics.instrument(temporal.client());
    ReleaseArchiver archiver =
        releaseArchive == null
            ? null
            : ReleaseArchiver.start(
                temporal.client(), connection.taskQueue(), releaseArchive, interval);
    ReleaseWorker worker =
        ReleaseWorker.start(
            workerClient, connection.taskQueue(), GreenlightActivities.all(), drain, tuning);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (archiver != null) archiver.close();
                  worker
                      .close(); // SIGTERM/SIGINT: stop polling, let running attempts finish within
                  // the drain timeout
                  if (metrics != null) {
                    WorkerMetrics.closeClient(workerClient);
                    metrics.close();
                  }
                  temporal.close();
                  stopped.countDown();
                },
                "greenlight-worker-drain"));
    System.err.println(
        "greenlight worker: polling '"
            + connection.taskQueue()
            + "' on "
            + connection.address()
            + " (namespace "
            + connection.namespace()
            + "); SIGTERM drains (up to "
            + Durations.format(drain)
            + ")");
    if (metrics != null)
      System.err.println(
          "greenlight worker: metrics on http://"
              + metricsBind
              + ":"
              + metrics.port()
              + "/metrics");
    worker.awaitTermination();
    stopped.await();
    return 0;
  }

  /** {@code --metrics-port}: a port that cannot be bound is a usage mistake, said in one line. */
  private WorkerMetrics serveMetrics(TemporalConnection temporal) {
    try {
      return WorkerMetrics.serve(metricsBind, metricsPort);
    } catch (IOException | RuntimeException e) {
      temporal.close();
      throw new ParameterException(
          spec.commandLine(),
          "--metrics-port: cannot serve /metrics on "
              + metricsBind
              + ":"
              + metricsPort
              + " ("
              + e.getMessage()
              + ")");
    }
  }

  /** {@code --max-concurrent-activities}, {@code --max-concurrent-workflow-tasks}, ... */
  WorkerTuning tuning() {
    atLeastOne("--max-concurrent-activities", maxConcurrentActivities);
    atLeastOne("--max-concurrent-workflow-tasks", maxConcurrentWorkflowTasks);
    atLeastOne("--sticky-cache-size", stickyCacheSize);
    return new WorkerTuning(
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        stickyCacheSize,
        WorkerTuning.DEFAULTS.trafficSlots(),
        stickyScheduleToStart());
  }

  /** {@code --sticky-schedule-to-start}; null when not given. */
  private Duration stickyScheduleToStart() {
    if (stickyScheduleToStart == null) return null;
    try {
      Duration d = Durations.parse(stickyScheduleToStart.trim());
      if (!d.isNegative()) return d;
    } catch (RuntimeException e) {
      // said below
    }
    throw new ParameterException(
        spec.commandLine(),
        "--sticky-schedule-to-start: '"
            + stickyScheduleToStart
            + "' is not a duration like 5s (0s turns the sticky queue off)");
  }

  private void atLeastOne(String flag, int value) {
    if (value < 1)
      throw new ParameterException(spec.commandLine(), flag + ": must be at least 1, not " + value);
  }

  /** {@code --archive-interval}. */
  Duration archiveInterval() {
    Duration every;
    try {
      every = Durations.parse(archiveInterval);
    } catch (RuntimeException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--archive-interval: '" + archiveInterval + "' is not a duration like 5s");
    }
    if (every.toMillis() < 100)
      throw new ParameterException(
          spec.commandLine(), "--archive-interval: must be at least 100ms");
    return every;
  }
}
