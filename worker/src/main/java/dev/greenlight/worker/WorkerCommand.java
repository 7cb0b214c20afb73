package dev.greenlight.worker;

import dev.greenlight.activities.GreenlightActivities;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.archive.ReleaseArchive;
import dev.greenlight.worker.archive.ArchiveOptions;
import dev.greenlight.worker.archive.ReleaseArchiver;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code greenlight worker}: runs releases (workflow and activities) until stopped; SIGTERM drains. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Runs a worker (workflows and activities) until stopped; SIGTERM drains it.",
        "The worker reads database passwords from the env vars the specs name (database.passwordEnv).",
        "With --archive-url it also archives every ended release to PostgreSQL."})
public final class WorkerCommand implements Callable<Integer> {
  @Mixin WorkerConnection connection;
  @Mixin ArchiveOptions archive;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "60s",
      description = {"On SIGTERM: how long running steps (a deploy hook, say) may finish (default ${DEFAULT-VALUE}).",
          "Hooks still running then are stopped and run again by the next worker.",
          "Give the process supervisor a stop timeout above this plus 20s."})
  String drainTimeout;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration drain;
    try {
      drain = Durations.parse(drainTimeout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--drain-timeout: " + e.getMessage());
    }
    ReleaseArchive releaseArchive = archive.open(System::getenv); // null without --archive-url
    TemporalConnection temporal = TemporalConnection.connect(connection.address(), connection.namespace(), connection.taskQueue());
    ReleaseArchiver archiver = releaseArchive == null ? null
        : ReleaseArchiver.start(temporal.client(), connection.taskQueue(), releaseArchive, archive.interval());
    ReleaseWorker worker = ReleaseWorker.start(temporal.client(), connection.taskQueue(), GreenlightActivities.all(), drain);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (archiver != null) archiver.close();
      worker.close(); // SIGTERM/SIGINT: stop polling, let running attempts finish within the drain timeout
      temporal.close();
      stopped.countDown();
    }, "greenlight-worker-drain"));
    System.err.println("greenlight worker: polling '" + connection.taskQueue() + "' on " + connection.address()
        + " (namespace " + connection.namespace() + "); SIGTERM drains (up to " + Durations.format(drain) + ")");
    worker.awaitTermination();
    stopped.await();
    return 0;
  }
}
