package dev.greenlight.worker;

import dev.greenlight.activities.GreenlightActivities;
import dev.greenlight.activities.audit.ReleaseArchive;
import dev.greenlight.worker.archive.ArchiveOptions;
import dev.greenlight.worker.archive.ReleaseArchiver;
import dev.greenlight.workflows.client.TemporalConnection;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code greenlight worker}: runs releases (workflow and activities) until stopped; SIGTERM drains. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Runs a worker (workflows and activities) until stopped; SIGTERM drains it.",
        "The worker reads database passwords from the env vars the specs name (database.passwordEnv).",
        "With --archive-url it also archives every ended release to PostgreSQL."})
public final class WorkerCommand implements Callable<Integer> {
  @Mixin WorkerConnection connection;
  @Mixin ArchiveOptions archive;

  @Override
  public Integer call() throws Exception {
    ReleaseArchive releaseArchive = archive.open(System::getenv); // null without --archive-url
    TemporalConnection temporal = TemporalConnection.connect(connection.address(), connection.namespace(), connection.taskQueue());
    ReleaseArchiver archiver = releaseArchive == null ? null
        : ReleaseArchiver.start(temporal.client(), connection.taskQueue(), releaseArchive, archive.interval());
    ReleaseWorker worker = ReleaseWorker.start(temporal.client(), connection.taskQueue(), GreenlightActivities.all());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (archiver != null) archiver.close();
      worker.close(); // SIGTERM/SIGINT: stop polling, let running attempts finish
      temporal.close();
      stopped.countDown();
    }, "greenlight-worker-drain"));
    System.err.println("greenlight worker: polling '" + connection.taskQueue() + "' on " + connection.address()
        + " (namespace " + connection.namespace() + "); SIGTERM drains");
    worker.awaitTermination();
    stopped.await();
    return 0;
  }
}
