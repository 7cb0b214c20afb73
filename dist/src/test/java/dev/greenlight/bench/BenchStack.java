package dev.greenlight.bench;

import dev.greenlight.api.model.Color;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.FreePort;
import io.temporal.testserver.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What N releases run against, kept cheap per release: the Java test server in this JVM, one blue
 * and one green HTTP server (in this JVM) answering every app under its own path prefix, ONE
 * HAProxy with one backend per app (chosen by the path's first segment, switched through its
 * runtime API by the spec's {@code haproxy} router), and ONE {@code greenlight worker} process.
 * Deploy hooks are {@code true}: each color already reports the version it is released with (blue
 * 1.0.0, green 2.0.0), which health.versionField checks. No database.
 */
final class BenchStack implements AutoCloseable {
  static final String LIVE_VERSION = "1.0.0";
  static final String NEW_VERSION = "2.0.0";

  /**
   * One app and its one release.
   *
   * @param name the app, also its path prefix and its HAProxy backend
   * @param spec its spec file
   * @param bad its green starts answering 500 on the probe path when the benchmark says so
   * @param viaCli its start and approve run as {@code bin/greenlight} processes
   */
  record App(String name, Path spec, boolean bad, boolean viaCli) {}

  final Path root;
  final Path dir;
  final Path jar;
  final Path launcher;
  private final BenchSettings settings;
  private final List<App> apps = new ArrayList<>();
  private final Set<String> broken = ConcurrentHashMap.newKeySet();
  private final int temporalPort = FreePort.find();
  private final int routerPort = FreePort.find();
  private TestServer.PortBoundTestServer temporal;
  private ColorBackend blue;
  private ColorBackend green;
  private Process haproxy;
  private Process worker;
  private TemporalConnection connection;
  private ReleaseClient releases;
  private int falseWorkerExit5;

  private BenchStack(Path root, Path dir, BenchSettings settings) {
    this.root = root;
    this.dir = dir;
    this.jar = root.resolve("dist/target/greenlight.jar");
    this.launcher = root.resolve("bin/greenlight");
    this.settings = settings;
  }

  /** Starts everything; every app has blue live. */
  static BenchStack start(Path root, Path dir, BenchSettings settings) throws Exception {
    BenchStack s = new BenchStack(root, dir, settings);
    Runtime.getRuntime().addShutdownHook(new Thread(s::stopProcesses, "bench-cleanup"));
    try {
      s.startTemporal();
      s.startColors();
      s.writeSpecs();
      s.startHaproxy();
      s.startWorker();
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  List<App> apps() {
    return apps;
  }

  String temporalAddress() {
    return "127.0.0.1:" + temporalPort;
  }

  ReleaseClient releases() {
    return releases;
  }

  TemporalConnection connection() {
    return connection;
  }

  long workerPid() {
    return worker.pid();
  }

  /** From now on {@code app}'s green answers 500 on the probe path (its health stays fine). */
  void breakGreen(String app) {
    broken.add(app);
  }

  // ---- start-up ---------------------------------------------------------------------------------

  private void startTemporal() throws IOException, InterruptedException {
    temporal = TestServer.createPortBoundServer(temporalPort);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!TemporalConnection.answers(temporalAddress(), Duration.ofSeconds(2))) {
      if (System.nanoTime() > deadline)
        throw new IOException("the Temporal test server does not answer on " + temporalPort);
      Thread.sleep(100);
    }
    connection =
        TemporalConnection.connect(
            temporalAddress(),
            TemporalConnection.DEFAULT_NAMESPACE,
            TemporalConnection.DEFAULT_TASK_QUEUE);
    releases = new ReleaseClient(connection);
  }

  private void startColors() {
    blue = ColorBackend.start(Color.BLUE);
    green = ColorBackend.start(Color.GREEN);
    for (int i = 0; i < settings.releases(); i++) {
      String app = String.format("app%04d", i + 1);
      blue.on("/" + app + "/health", Reply.ok(health(LIVE_VERSION, Color.BLUE)));
      green.on("/" + app + "/health", Reply.ok(health(NEW_VERSION, Color.GREEN)));
      green.on(
          "/" + app + "/",
          x -> broken.contains(app) ? Reply.of(500, "green is failing") : Reply.ok("green"));
      apps.add(
          new App(app, dir.resolve(app + ".yaml"), settings.bad(i), i < settings.cliReleases()));
    }
  }

  private static String health(String version, Color color) {
    return "{\"status\":\"UP\",\"version\":\""
        + version
        + "\",\"color\":\""
        + color.label()
        + "\"}";
  }

  private void writeSpecs() throws IOException {
    Path socket = dir.resolve("haproxy.sock");
    for (App app : apps) {
      String yaml =
          String.join(
              "\n",
              "# written by ConcurrentReleasesBenchmark",
              "app: " + app.name(),
              "environments:",
              "  blue: " + environment(blue, app),
              "  green: " + environment(green, app),
              "health: {path: /health, timeout: 2m, interval: 1s, versionField: version}",
              "router: {type: haproxy, url: \"http://127.0.0.1:"
                  + routerPort
                  + "/"
                  + app.name()
                  + "\", haproxy: {socket: \""
                  + socket
                  + "\", backend: "
                  + app.name()
                  + ", servers: {blue: blue, green: green}}}",
              "approval: {required: 1, timeout: 24h}",
              "monitor: {window: "
                  + dev.greenlight.api.spec.Durations.format(settings.window())
                  + ", interval: "
                  + dev.greenlight.api.spec.Durations.format(settings.interval())
                  + ", source: probe, path: /, requestsPerSample: "
                  + settings.requestsPerSample()
                  + ", errorRate: {alert: 0.03, rollback: 0.05}, p95: {alert: 1000ms, rollback: "
                  + settings.p95Rollback()
                  + "}}",
              "");
      Files.writeString(app.spec(), yaml);
    }
  }

  private static String environment(ColorBackend color, App app) {
    return "{url: \""
        + color.url()
        + "/"
        + app.name()
        + "\", deploy: [\"true\"], deployTimeout: 1m}";
  }

  private void startHaproxy() throws IOException, InterruptedException {
    Path socket = dir.resolve("haproxy.sock");
    Path cfg = dir.resolve("haproxy.cfg");
    StringBuilder c =
        new StringBuilder(
            String.join(
                "\n",
                "global",
                "  stats socket " + socket + " mode 600 level admin",
                "  maxconn 4000",
                "defaults",
                "  mode http",
                "  timeout connect 2s",
                "  timeout client 60s",
                "  timeout server 60s",
                "  timeout http-keep-alive 10s",
                "frontend public",
                "  bind 127.0.0.1:" + routerPort,
                "  use_backend %[path,field(2,/)]",
                "  default_backend unknown",
                "backend unknown",
                "  http-request return status 404",
                ""));
    // no health checks: 2 servers per app would mean thousands of checks a second; a server
    // without checks counts as up the moment it leaves maintenance
    for (App app : apps) {
      c.append("backend ").append(app.name()).append('\n');
      c.append("  balance roundrobin\n");
      c.append("  server blue ").append(blue.hostPort()).append(" weight 100\n");
      c.append("  server green ").append(green.hostPort()).append(" weight 100 disabled\n");
    }
    Files.writeString(cfg, c);
    Files.deleteIfExists(socket);
    Path log = dir.resolve("haproxy.log");
    haproxy =
        new ProcessBuilder("haproxy", "-f", cfg.toString(), "-db")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!listens(routerPort) || !accepts(socket)) {
      if (!haproxy.isAlive() || System.nanoTime() > deadline)
        throw new IOException("haproxy did not start:\n" + Files.readString(log));
      Thread.sleep(50);
    }
  }

  /**
   * Starts the worker; a worker that exits 5 ("Temporal unreachable") while the test server in this
   * JVM answers is the false exit 5 of issue 16: it is counted and tried again, up to 3 times.
   */
  private void startWorker() throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        startWorkerOnce();
        return;
      } catch (FalseUnreachable e) {
        falseWorkerExit5++;
        if (attempt == 3) throw e;
      }
    }
  }

  /** Times {@code greenlight worker} exited 5 at start-up although Temporal answered. */
  int falseWorkerExit5() {
    return falseWorkerExit5;
  }

  private static final class FalseUnreachable extends IOException {
    FalseUnreachable(String message) {
      super(message);
    }
  }

  private void startWorkerOnce() throws IOException, InterruptedException {
    Path log = dir.resolve("worker.log");
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(settings.workerJvm());
    command.addAll(List.of("-jar", jar.toString(), "worker", "--temporal", temporalAddress()));
    command.addAll(settings.workerArgs());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("TEMPORAL_") || k.startsWith("GREENLIGHT_"));
    worker = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.readString(log).contains("polling")) {
      if (!worker.isAlive()) {
        String why = "the worker exited " + worker.exitValue() + ":\n" + Files.readString(log);
        if (worker.exitValue() == CliRunner.EXIT_UNREACHABLE
            && TemporalConnection.answers(temporalAddress(), Duration.ofSeconds(10)))
          throw new FalseUnreachable(why);
        throw new IOException(why);
      }
      if (System.nanoTime() > deadline)
        throw new IOException("the worker does not poll after 90s:\n" + Files.readString(log));
      Thread.sleep(100);
    }
  }

  private static boolean listens(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean accepts(Path socket) {
    if (!Files.exists(socket)) return false;
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // ---- shut-down --------------------------------------------------------------------------------

  /** Stops the worker (SIGTERM: it drains), HAProxy, the colors and Temporal. */
  @Override
  public void close() {
    stopProcesses();
    if (connection != null) connection.close();
    if (temporal != null) temporal.close();
    if (blue != null) blue.close();
    if (green != null) green.close();
  }

  private synchronized void stopProcesses() {
    for (Process p : new Process[] {worker, haproxy}) {
      if (p == null || !p.isAlive()) continue;
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
