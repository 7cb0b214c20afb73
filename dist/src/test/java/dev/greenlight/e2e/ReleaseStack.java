package dev.greenlight.e2e;

import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.TestPostgres;
import io.temporal.testserver.TestServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * A real release stack on loopback ports for end-to-end tests, everything a release touches being a
 * real process or server:
 *
 * <ul>
 *   <li>Temporal: the Java test server, in this JVM, port-bound (real time)
 *   <li>PostgreSQL (embedded) with a {@code shop} database whose {@code shop} role logs in with a
 *       password (scram-sha-256 in pg_hba.conf), the demo schema at V1
 *   <li>the router: the embedded proxy as its own process, driven by {@code switch.sh} / {@code
 *       active.sh} (curl against its admin endpoint), so the spec's router type is {@code command}
 *   <li>the demo shop on blue (1.0.0), started by the demo's {@code deploy.sh}; releases run {@code
 *       deploy-hook.sh}, which logs every run to {@code deploys.log} and then calls deploy.sh
 *   <li>workers: {@code java -jar dist/target/greenlight.jar worker} processes with the database
 *       password in their environment, started and killed (SIGKILL) by the test
 *   <li>the operator: {@code bin/greenlight} run as a process, without the password
 * </ul>
 *
 * Knobs a test sets in the work directory, read by deploy-hook.sh and switch.sh at each run: {@code
 * deploy-delay} (seconds before deploying), {@code deploy-in-background} (the hook returns at once
 * and the app comes up a few seconds later), {@code refused-versions} (the hook exits 3), {@code
 * wrong-versions} (the app reports "V-wrong"), {@code faulty-versions} (the app fails under
 * traffic), {@code switch-delay} (seconds before a switch).
 */
final class ReleaseStack implements AutoCloseable {
  /** The shop role's password: only workers and demo apps get it, through {@link #PASSWORD_ENV}. */
  static final String DB_PASSWORD = "S3cr3t-Greenlight-Pa55";

  static final String PASSWORD_ENV = "SHOP_DB_PASSWORD";
  static final Path ROOT =
      Path.of(System.getProperty("user.dir")).resolve("..").toAbsolutePath().normalize();
  static final Path JAR = ROOT.resolve("dist/target/greenlight.jar");

  /** dev, demo and the demo app the colors run. */
  static final Path DEVSTACK_JAR = ROOT.resolve("dist/target/greenlight-devstack.jar");

  static final Path LAUNCHER = ROOT.resolve("bin/greenlight");
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final Pattern VERSION_FIELD = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"");

  private final Path dir;
  private final int temporalPort;
  private final int proxyPort;
  private final int adminPort;

  /** The embedded proxy's admin token; switch.sh and active.sh read it from a file. */
  private static final String ROUTER_TOKEN = "e2e-router-token";

  private final int bluePort;
  private final int greenPort;
  private final List<Process> workers = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private TestServer.PortBoundTestServer temporal;
  private TestPostgres postgres;
  private Process proxy;
  private TemporalConnection connection;
  private ReleaseClient releases;
  private Thread shutdownHook;

  private ReleaseStack(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    Set<Integer> taken = new HashSet<>();
    this.temporalPort = freePort(taken);
    this.proxyPort = freePort(taken);
    this.adminPort = freePort(taken);
    this.bluePort = freePort(taken);
    this.greenPort = freePort(taken);
  }

  /** Starts everything; blue runs 1.0.0 with all traffic on it. */
  static ReleaseStack start(Path dir) throws Exception {
    if (!Files.isRegularFile(JAR) || !Files.isRegularFile(DEVSTACK_JAR)) {
      throw new IllegalStateException(
          JAR
              + " or "
              + DEVSTACK_JAR
              + " is missing: run `mvn -B verify` (the jars are built in package)");
    }
    ReleaseStack stack = new ReleaseStack(dir);
    stack.shutdownHook = new Thread(stack::stopProcesses, "release-stack-cleanup");
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    try {
      stack.startTemporal();
      stack.startPostgres();
      stack.writeWorkDir();
      stack.migrateToV1();
      stack.startProxy();
      stack.deployBlue("1.0.0");
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  // ---- what tests use ---------------------------------------------------------------------------

  Path dir() {
    return dir;
  }

  String temporalAddress() {
    return "127.0.0.1:" + temporalPort;
  }

  String routerUrl() {
    return "http://127.0.0.1:" + proxyPort;
  }

  /** The proxy's weights, on its admin listener (never on the public one). */
  private String adminUrl() {
    return "http://127.0.0.1:" + adminPort + "/__greenlight/weights";
  }

  String url(Color color) {
    return "http://127.0.0.1:" + (color == Color.BLUE ? bluePort : greenPort);
  }

  String jdbcUrl() {
    return postgres.jdbcUrl("shop");
  }

  /** The release client the tests poll with (faster than a CLI process per look). */
  ReleaseClient releases() {
    return releases;
  }

  /**
   * A spec in the work directory, with this stack's ports and database; sections can be replaced.
   */
  SpecFile spec() {
    return new SpecFile(this);
  }

  /** Writes (or removes, for null) a knob file in the work directory. */
  void knob(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    if (content == null) {
      Files.deleteIfExists(file);
    } else {
      Files.writeString(file, content + "\n");
    }
  }

  /** Starts a worker process: {@code java -jar greenlight.jar worker}; returns once it polls. */
  Process startWorker(String... extraArgs) throws IOException, InterruptedException {
    Path log = dir.resolve("worker-" + (workers.size() + 1) + ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                JAVA,
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JAR.toString(),
                "worker",
                "--temporal",
                temporalAddress()));
    command.addAll(List.of(extraArgs));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put(PASSWORD_ENV, DB_PASSWORD);
    Process p = pb.start();
    workers.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!read(log).contains("polling")) {
      if (!p.isAlive())
        throw new IllegalStateException("the worker exited " + p.exitValue() + ":\n" + read(log));
      if (System.nanoTime() > deadline)
        throw new IllegalStateException("the worker does not poll after 60s:\n" + read(log));
      Thread.sleep(100);
    }
    return p;
  }

  /** kill -9: the worker gets no chance to finish anything. */
  void killWorker(Process worker) throws InterruptedException {
    worker.destroyForcibly();
    if (!worker.waitFor(10, TimeUnit.SECONDS))
      throw new IllegalStateException("worker " + worker.pid() + " survived kill -9");
  }

  /** Runs {@code bin/greenlight ARGS} as an operator would (no database password), within 90 s. */
  CliResult cli(String... args) throws IOException, InterruptedException {
    return cli(Duration.ofSeconds(90), args);
  }

  CliResult cli(Duration timeout, String... args) throws IOException, InterruptedException {
    return Launcher.run(dir, Map.of("TEMPORAL_ADDRESS", temporalAddress()), timeout, args);
  }

  /** As {@link #cli(String...)}, with {@code env} added (e.g. GREENLIGHT_CODEC_KEYS). */
  CliResult cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("TEMPORAL_ADDRESS", temporalAddress());
    return Launcher.run(dir, all, Duration.ofSeconds(90), args);
  }

  /**
   * The history of {@code id} byte for byte as Temporal stores it (protobuf: payload data raw, as
   * written, neither base64 nor decoded), as ISO-8859-1 text to search.
   */
  String storedHistory(String id) {
    return new String(
        connection.client().fetchHistory(id).getHistory().toByteArray(),
        StandardCharsets.ISO_8859_1);
  }

  /**
   * Polls the release (through Temporal) until {@code until} holds; fails after {@code timeout}.
   */
  ReleaseStatus await(String id, Predicate<ReleaseStatus> until, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ReleaseStatus last = null;
    String problem = null;
    while (System.nanoTime() < deadline) {
      try {
        last = releases.status(id);
        problem = null;
        if (until.test(last)) return last;
      } catch (Exception e) {
        problem = e.toString(); // a query finds no worker for a moment after a kill
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        id
            + ": not "
            + what
            + " within "
            + timeout.toSeconds()
            + "s; last status: "
            + last
            + (problem == null ? "" : "; last error: " + problem)
            + "\n"
            + diagnostics());
  }

  /** The version the shop reports at {@code baseUrl}/health, or what came back instead. */
  String versionAt(String baseUrl) {
    String body = healthAt(baseUrl);
    Matcher m = VERSION_FIELD.matcher(body);
    return body.startsWith("{") && m.find() ? m.group(1) : body;
  }

  /** The body of {@code baseUrl}/health when it answers 200, or what came back instead. */
  String healthAt(String baseUrl) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode() + " " + r.body();
    } catch (IOException e) {
      return "unreachable: " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** What the router serves: the version at router.url. */
  String servedVersion() {
    return versionAt(routerUrl());
  }

  /** The live color as the router's admin endpoint reports it. */
  String liveColor() throws IOException, InterruptedException {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(URI.create(adminUrl()))
                  .header("Authorization", "Bearer " + ROUTER_TOKEN)
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(
          "the router's admin endpoint does not answer ("
              + e.getCause()
              + "); proxy process "
              + (proxy.isAlive() ? "alive" : "exited " + proxy.exitValue())
              + "\n"
              + diagnostics(),
          e);
    }
    Matcher m = Pattern.compile("\"live\"\\s*:\\s*\"([a-z]+)\"").matcher(r.body());
    return m.find() ? m.group(1) : r.body();
  }

  /** How many times the deploy hook ran for {@code release} on {@code color} (deploys.log). */
  long deployRuns(String release, Color color) throws IOException {
    Path log = dir.resolve("deploys.log");
    if (!Files.exists(log)) return 0;
    return Files.readAllLines(log).stream()
        .filter(l -> l.startsWith(release + " " + color.label() + " "))
        .count();
  }

  /** Versions in flyway_schema_history and whether each succeeded, read as the shop role. */
  List<String> appliedMigrations() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl(), "shop", DB_PASSWORD);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version, success FROM flyway_schema_history ORDER BY installed_rank")) {
      while (rs.next()) out.add("V" + rs.getString(1) + (rs.getBoolean(2) ? "" : " (failed)"));
    }
    return out;
  }

  /** Tails of the logs a failing assertion wants to show. */
  String diagnostics() {
    StringBuilder b = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path f :
          files
              .filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .matches("worker-\\d+\\.log|deploys\\.log|proxy\\.log"))
              .sorted()
              .toList()) {
        b.append("--- ").append(f.getFileName()).append('\n').append(tail(read(f), 25));
      }
    } catch (IOException e) {
      b.append("(cannot list ").append(dir).append(": ").append(e).append(")\n");
    }
    for (String color : List.of("blue", "green")) {
      Path log = dir.resolve("run").resolve(color + ".log");
      if (Files.exists(log))
        b.append("--- run/").append(color).append(".log\n").append(tail(read(log), 10));
    }
    return b.toString();
  }

  @Override
  public void close() {
    stopProcesses();
    if (connection != null) connection.close();
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        System.err.println("cannot stop PostgreSQL: " + e);
      }
    }
    if (temporal != null) temporal.close();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  /** Workers, demo apps and the proxy: every process this stack (or a hook) started. */
  private void stopProcesses() {
    for (Process w : workers) w.destroyForcibly();
    for (ProcessHandle app : demoApps()) {
      app.destroy();
      try {
        app.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        app.destroyForcibly();
      }
    }
    if (proxy != null) proxy.destroyForcibly();
  }

  /** Demo apps on this stack's ports, found by their command line (a hook started them, not us). */
  List<ProcessHandle> demoApps() {
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(
                        c ->
                            c.contains("dev.greenlight.devstack.demoapp.DemoApp")
                                && (c.contains("--port " + bluePort + " ")
                                    || c.contains("--port " + greenPort + " ")))
                    .orElse(false))
        .toList();
  }

  // ---- start-up ---------------------------------------------------------------------------------

  private void startTemporal() throws IOException, InterruptedException {
    if (!portFree(temporalPort))
      throw new IOException("port " + temporalPort + " was taken meanwhile");
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

  private void startPostgres() throws IOException, SQLException {
    // the shop role must log in with its password; the superuser (used only here) stays trusted
    postgres = new TestPostgres().start();
    postgres.createRole("shop", DB_PASSWORD);
    postgres.sql("postgres", "CREATE DATABASE shop OWNER shop");
    try (Connection ignored = DriverManager.getConnection(jdbcUrl(), "shop", "not-the-password")) {
      throw new IllegalStateException(
          "PostgreSQL let the shop role in with a wrong password: pg_hba.conf was not applied");
    } catch (SQLException expected) {
      // 28P01: password authentication failed, as it should
    }
  }

  private void writeWorkDir() throws IOException {
    Files.createDirectories(dir.resolve("db/migration"));
    copyResource("/demo/deploy.sh", dir.resolve("deploy.sh"));
    copyResource(
        "/demo/db/migration/V1__create_schema.sql",
        dir.resolve("db/migration/V1__create_schema.sql"));
    copyResource(
        "/demo/db/migration/V2__add_order_note.sql",
        dir.resolve("db/migration/V2__add_order_note.sql"));
    Files.writeString(
        dir.resolve("demo.env"),
        String.join(
            "\n",
            "# read by deploy.sh; no secrets here",
            "GREENLIGHT_JAR='" + JAR + ":" + DEVSTACK_JAR + "'",
            "JAVA='" + JAVA + "'",
            "BLUE_PORT=" + bluePort,
            "GREEN_PORT=" + greenPort,
            "DEMO_DB_URL='" + jdbcUrl() + "'",
            "DEMO_DB_USER=shop",
            "DEMO_DB_PASSWORD_ENV=" + PASSWORD_ENV,
            ""));
    knob("faulty-versions", "3.0.0");
    script(
        "deploy-hook.sh",
        """
        #!/bin/sh
        # The release's deploy hook: records the run, applies the test's knobs, then runs deploy.sh.
        set -eu
        here=$(cd "$(dirname "$0")" && pwd)
        color=$1
        version=$2
        echo "${GREENLIGHT_RELEASE:-none} $color $version $(date +%s)" >> "$here/deploys.log"
        if grep -qx "$version" "$here/refused-versions" 2>/dev/null; then
          echo "no image shop:$version in the registry" >&2
          exit 3
        fi
        sleep "$(cat "$here/deploy-delay" 2>/dev/null || echo 0)"
        reported=$version
        if grep -qx "$version" "$here/wrong-versions" 2>/dev/null; then
          reported="$version-wrong"
        fi
        if [ -f "$here/deploy-in-background" ]; then
          # like a scheduler that accepts the rollout and returns before the app is up
          nohup sh -c "sleep 3; '$here/deploy.sh' '$color' '$reported'" \\
            > "$here/run/background-$color.out" 2>&1 < /dev/null &
          echo "rollout of $reported to $color accepted"
          exit 0
        fi
        exec "$here/deploy.sh" "$color" "$reported"
        """);
    String admin = adminUrl();
    Path token = Files.writeString(dir.resolve("router-token"), ROUTER_TOKEN);
    Files.setPosixFilePermissions(
        token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    script(
        "switch.sh",
        """
        #!/bin/sh
        # Sends all traffic to $1 through the embedded proxy's admin endpoint.
        set -eu
        case "${1:-}" in
          blue) body='{"blue":100,"green":0}' ;;
          green) body='{"blue":0,"green":100}' ;;
          *) echo "usage: $0 blue|green" >&2; exit 2 ;;
        esac
        sleep "$(cat "$(dirname "$0")/switch-delay" 2>/dev/null || echo 0)"
        token=$(cat "$(dirname "$0")/router-token")
        curl -fsS -X PUT -H 'Content-Type: application/json' \\
          -H "Authorization: Bearer $token" --data "$body" '%s'
        """
            .formatted(admin));
    script(
        "active.sh",
        """
        #!/bin/sh
        # Prints the live color, as the embedded proxy's admin endpoint reports it.
        set -eu
        token=$(cat "$(dirname "$0")/router-token")
        weights=$(curl -fsS -H "Authorization: Bearer $token" '%s')
        echo "$weights" | sed -n 's/.*"live":"\\([a-z]*\\)".*/\\1/p'
        """
            .formatted(admin));
    Files.createDirectories(dir.resolve("run"));
  }

  private void migrateToV1() {
    Flyway.configure()
        .dataSource(jdbcUrl(), "shop", DB_PASSWORD)
        .locations("filesystem:" + dir.resolve("db/migration"))
        .target("1")
        .load()
        .migrate();
  }

  private void startProxy() throws IOException, InterruptedException {
    Path log = dir.resolve("proxy.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                JAVA,
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-cp",
                JAR.toString(),
                "dev.greenlight.activities.traffic.embedded.EmbeddedProxyMain",
                "--listen",
                "127.0.0.1:" + proxyPort,
                "--blue",
                url(Color.BLUE),
                "--green",
                url(Color.GREEN),
                "--state-file",
                dir.resolve("router-state.json").toString(),
                "--admin",
                "127.0.0.1:" + adminPort)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("GREENLIGHT_ROUTER_TOKEN", ROUTER_TOKEN);
    proxy = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!read(log).contains("embedded proxy listening")) {
      if (!proxy.isAlive() || System.nanoTime() > deadline)
        throw new IOException("the proxy did not start:\n" + read(log));
      Thread.sleep(100);
    }
  }

  private void deployBlue(String version) throws IOException, InterruptedException {
    Path out = dir.resolve("run/initial-deploy.out");
    ProcessBuilder pb =
        new ProcessBuilder("./deploy.sh", "blue", version)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put(PASSWORD_ENV, DB_PASSWORD);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("deploy.sh blue " + version + " failed:\n" + read(out));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!version.equals(servedVersion())) {
      if (System.nanoTime() > deadline)
        throw new IOException(
            "blue does not serve " + version + " through the proxy: " + servedVersion());
      Thread.sleep(200);
    }
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private void script(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void copyResource(String resource, Path target) throws IOException {
    try (InputStream in = ReleaseStack.class.getResourceAsStream(resource)) {
      if (in == null)
        throw new IOException(
            resource + " is not on the test classpath (devstack module resources)");
      Files.write(
          target,
          in.readAllBytes(),
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    }
    if (target.toString().endsWith(".sh")) {
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
  }

  private static int freePort(Set<Integer> taken) {
    while (true) {
      int port = FreePort.find();
      if (taken.add(port)) return port;
    }
  }

  private static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
