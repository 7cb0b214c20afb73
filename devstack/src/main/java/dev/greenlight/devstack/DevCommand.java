package dev.greenlight.devstack;

import dev.greenlight.activities.GreenlightActivities;
import dev.greenlight.client.ConnectionSettings;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import dev.greenlight.client.cli.PluggableCommand;
import dev.greenlight.worker.ReleaseWorker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code greenlight dev}: the local stack in the foreground until SIGINT/SIGTERM (stdin is not
 * read): Temporal, PostgreSQL, the demo shop behind the embedded proxy, and a worker.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Local stack in the foreground until Ctrl-C / SIGTERM: Temporal (embedded test server, real"
          + " time)",
      "unless one answers at --temporal, PostgreSQL (embedded) unless --database-url is given, the"
          + " demo shop",
      "behind the embedded router, and a worker (unless --no-worker). Prints what to try next."
    })
public final class DevCommand implements Callable<Integer>, PluggableCommand {
  @Mixin ConnectionOptions connection;

  @Option(
      names = "--no-worker",
      description = "Do not run a worker (run `greenlight worker` yourself).")
  boolean noWorker;

  @Mixin ShopDatabaseOptions database;

  @Mixin LocalPortOptions ports;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Spec, scripts and logs (default ~/.greenlight/dev).")
  Path workDir = Path.of(System.getProperty("user.home"), ".greenlight", "dev");

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    connection.overrideAddress(ports.temporalAddress(null)); // --temporal-port
    ConnectionSettings settings =
        connection.settings(); // an unusable setting: exit 2, nothing runs
    boolean encrypted = connection.codecKeys().isPresent();
    LocalStack.Builder builder =
        LocalStack.builder()
            .connection(settings, connection::openAsWorker) // one connection, every setting, codec
            .demo(true)
            .workDir(workDir);
    database.applyTo(builder);
    ports.applyTo(builder, database.databaseUrl != null);
    LocalStack stack = builder.start();
    TemporalConnection temporal = stack.temporal();
    ReleaseWorker worker = null;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      if (!noWorker) {
        worker =
            ReleaseWorker.start(
                temporal.client(),
                connection.taskQueue(),
                GreenlightActivities.all(stack.workerEnvironment(database.databasePasswordEnv)));
      }
      final ReleaseWorker w = worker;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    out.println("greenlight dev: stopping everything it started ...");
                    if (w != null) w.close();
                    stack.close(); // closes the connection too
                    out.println("greenlight dev: stopped");
                    stopped.countDown();
                  },
                  "greenlight-dev-stop"));
    } catch (Exception e) {
      if (worker != null) worker.close();
      stack.close();
      throw e;
    }

    String spec = stack.specFile().toString();
    String t = "--temporal " + stack.temporalAddress();
    out.println("greenlight dev: the local stack is up");
    stack.describe().forEach(l -> out.println("  " + l));
    out.println(
        "  Worker      "
            + (noWorker
                ? "none (--no-worker): run `greenlight worker " + t + "`"
                : "polling task queue '" + connection.taskQueue() + "'"));
    out.println();
    out.println("Try, in another terminal:");
    out.println("  export TEMPORAL_ADDRESS=" + stack.temporalAddress());
    if (settings.tls() || settings.hasApiKey() || encrypted) {
      out.println(
          "  # and the same connection options as here"
              + (encrypted ? " (--codec-key-file too: payloads are encrypted)" : ""));
    }
    out.println("  bin/greenlight validate " + spec);
    out.println(
        "  bin/greenlight start "
            + spec
            + " --version 2.0.0 --as carol     # prints the release id");
    out.println("  bin/greenlight watch <release-id>");
    out.println("  bin/greenlight approve <release-id> --as demo-approver --comment 'looks good'");
    out.println("  bin/greenlight abort <release-id> --as carol --reason 'changed my mind'");
    out.println(
        "  bin/greenlight audit export <release-id> -o release.json && bin/greenlight audit report"
            + " release.json");
    out.println(
        "  curl "
            + stack.proxyUrl()
            + "/health                      # the shop, through the embedded router");
    out.println(
        "Version 3.0.0 is faulty under traffic: release it to watch the monitor roll it back.");
    out.println("Ctrl-C stops everything.");
    stopped.await();
    return 0;
  }
}
