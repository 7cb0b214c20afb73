package dev.greenlight.compose;

import static dev.greenlight.compose.ComposeProject.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.TestPostgres;
import io.temporal.testserver.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack's processes, run natively (no container engine here): the commands, the
 * environment (docker-compose.yml interpolated with .env.example) and the config files of the
 * stack, with every service hostname mapped to loopback. It completes a release through the stack's
 * HAProxy config.
 *
 * <p>What is rewritten, and nothing else: in copies of docker/haproxy.cfg and
 * docker/release/greenlight.yaml, and in each service's environment, {@code host:port} of every
 * service becomes {@code 127.0.0.1:<free port>}, {@code bind :PORT} becomes {@code bind
 * 127.0.0.1:<free port>}, the admin socket's folder (the shared volume) becomes a temp folder,
 * DEMO_PORT/DEMO_BIND follow the free port and loopback, {@code java} and the image's jar paths
 * become this JDK and dist/target's jars; the spec's monitor window is cut from 15m to 10s. The
 * resolvers section stays (its nameserver 127.0.0.11 never answers; the servers are IP literals).
 * Temporal is the Java test server, PostgreSQL is testkit's TestPostgres initialised by psql with
 * docker/postgres-init.sql and the postgres service's environment, HAProxy is Debian's. The
 * healthchecks of the shop, HAProxy and the worker then run against the processes, their
 * container-local port (127.0.0.1:8080, :8405) mapped the same way.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ComposeStackIT {
  static final Path JAR = ROOT.resolve("dist/target/greenlight.jar");
  static final Path DEVSTACK_JAR = ROOT.resolve("dist/target/greenlight-devstack.jar");
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private TestServer.PortBoundTestServer temporal;
  private TestPostgres postgres;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws IOException {
    for (Process p : processes) p.destroyForcibly();
    if (postgres != null) postgres.close();
    if (temporal != null) temporal.close();
  }

  @Test
  void theStackCompletesAReleaseThroughItsHaproxyConfig() throws Exception {
    ComposeProject compose = ComposeProject.load();
    int temporalPort = FreePort.find();
    int bluePort = FreePort.find();
    int greenPort = FreePort.find();
    int haproxyPort = FreePort.find();
    int healthPort = FreePort.find();
    temporal = TestServer.createPortBoundServer(temporalPort);
    postgres = new TestPostgres().start();

    Map<String, String> rewrite = new LinkedHashMap<>();
    rewrite.put("temporal:7233", "127.0.0.1:" + temporalPort);
    rewrite.put("postgresql:5432", "127.0.0.1:" + postgres.port());
    rewrite.put("blue:8080", "127.0.0.1:" + bluePort);
    rewrite.put("green:8080", "127.0.0.1:" + greenPort);
    rewrite.put("haproxy:8080", "127.0.0.1:" + haproxyPort);
    rewrite.put("bind :8080", "bind 127.0.0.1:" + haproxyPort);
    rewrite.put("bind :8405", "bind 127.0.0.1:" + healthPort);
    rewrite.put("/var/lib/haproxy/", dir + "/");
    rewrite.put("/run/haproxy/", dir + "/");
    rewrite.put("/opt/greenlight/greenlight-devstack.jar", DEVSTACK_JAR.toString());
    rewrite.put("/opt/greenlight/greenlight.jar", JAR.toString());

    // PostgreSQL: the init script, by psql, with the postgres service's environment
    Path init = dir.resolve("postgres-init.sql");
    Files.copy(ROOT.resolve("docker/postgres-init.sql"), init);
    ProcessBuilder psql =
        new ProcessBuilder(
                "psql",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(postgres.port()),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-f",
                init.toString())
            .redirectErrorStream(true);
    psql.environment().putAll(compose.environment("postgresql"));
    Process p = psql.start();
    String psqlOut = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(psqlOut).isZero();

    // the shop: the image's entrypoint with the service's environment
    for (String color : List.of("blue", "green")) {
      Map<String, String> env = rewritten(compose.environment(color), rewrite);
      env.put("DEMO_PORT", String.valueOf(color.equals("blue") ? bluePort : greenPort));
      env.put("DEMO_BIND", "127.0.0.1");
      start(color, argv(compose.argv(color), rewrite), env);
    }
    // HAProxy with the stack's config
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, rewrite(Files.readString(ROOT.resolve("docker/haproxy.cfg")), rewrite));
    start("haproxy", List.of("haproxy", "-f", cfg.toString(), "-db"), Map.of());
    awaitPort(haproxyPort);
    awaitPort(bluePort);
    awaitPort(greenPort);
    assertThat(get("http://127.0.0.1:" + healthPort + "/healthz").statusCode()).isEqualTo(200);
    assertThat(get("http://127.0.0.1:" + haproxyPort + "/__demo/version/9.9.9").statusCode())
        .as("the deploy endpoint is not public")
        .isEqualTo(403);

    // the release spec and its migrations, as mounted at /release
    Path release = dir.resolve("release");
    Files.createDirectories(release.resolve("db/migration"));
    Files.copy(
        ROOT.resolve("docker/release/db/migration/V1__create_schema.sql"),
        release.resolve("db/migration/V1__create_schema.sql"));
    String spec =
        rewrite(Files.readString(ROOT.resolve("docker/release/greenlight.yaml")), rewrite);
    assertThat(spec).contains("window: 15m");
    spec = spec.replace("window: 15m, interval: 10s", "window: 10s, interval: 2s");
    Path specFile = release.resolve("greenlight.yaml");
    Files.writeString(specFile, spec);

    // the worker: the image's entrypoint + the service's command and environment
    Map<String, String> workerEnv = rewritten(compose.environment("greenlight-worker"), rewrite);
    Path workerLog = start("worker", argv(compose.argv("greenlight-worker"), rewrite), workerEnv);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.readString(workerLog).contains("polling")) {
      assertThat(System.nanoTime()).as(Files.readString(workerLog)).isLessThan(deadline);
      Thread.sleep(200);
    }

    Map<String, String> cliEnv = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
    String[] out = cli(cliEnv, "start", specFile.toString(), "--version", "2.0.0", "--as", "carol");
    assertThat(out[0]).as(out[1] + diagnostics()).isEqualTo("0");
    String id = out[1].strip();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      String[] status = cli(cliEnv, "status", id, "--json");
      if (status[1].matches("(?s).*\"stage\"\\s*:\\s*\"AWAITING_APPROVAL\".*")) break;
      assertThat(System.nanoTime()).as(status[1] + status[2] + diagnostics()).isLessThan(deadline);
      Thread.sleep(1000);
    }
    assertThat(cli(cliEnv, "approve", id, "--as", "alice")[0]).isEqualTo("0");
    String[] watch = cli(cliEnv, "watch", id, "--timeout", "3m");
    assertThat(watch[0]).as(watch[1] + watch[2] + diagnostics()).isEqualTo("0");
    String[] done = cli(cliEnv, "status", id, "--json");
    assertThat(done[1])
        .containsPattern("\"state\"\\s*:\\s*\"SUCCEEDED\"")
        .containsPattern("\"live\"\\s*:\\s*\"green\"");
    HttpResponse<String> served = get("http://127.0.0.1:" + haproxyPort + "/health");
    assertThat(served.body()).contains("\"version\":\"2.0.0\"").contains("\"color\":\"green\"");
    assertThat(get("http://127.0.0.1:" + haproxyPort + "/api/products").body()).contains("sku");

    // the healthchecks compose waits for, run the same way against the running processes
    Map<String, Map<String, String>> local =
        Map.of(
            "blue", Map.of("127.0.0.1:8080", "127.0.0.1:" + bluePort),
            "green", Map.of("127.0.0.1:8080", "127.0.0.1:" + greenPort),
            "haproxy", Map.of("127.0.0.1/8405", "127.0.0.1/" + healthPort),
            "greenlight-worker", Map.of());
    for (var service : local.entrySet()) {
      List<String> test =
          ComposeProject.healthcheckArgv(
              compose.service(service.getKey()).get("healthcheck").get("test"));
      List<String> argv = new ArrayList<>();
      if (test.size() == 1) argv.addAll(List.of("sh", "-c")); // CMD-SHELL
      for (String a : test) argv.add(rewrite(a, service.getValue()));
      if (argv.get(0).equals("greenlight")) {
        argv.remove(0);
        argv.addAll(0, List.of(JAVA, "-jar", JAR.toString()));
      }
      ProcessBuilder check = new ProcessBuilder(argv).redirectErrorStream(true);
      check.environment().putAll(rewritten(compose.environment(service.getKey()), rewrite));
      Process c = check.start();
      String output = new String(c.getInputStream().readAllBytes());
      assertThat(c.waitFor())
          .as(service.getKey() + " healthcheck " + argv + ": " + output)
          .isZero();
    }
  }

  private static String rewrite(String text, Map<String, String> rewrite) {
    for (var e : rewrite.entrySet()) text = text.replace(e.getKey(), e.getValue());
    return text;
  }

  private static Map<String, String> rewritten(Map<String, String> env, Map<String, String> rw) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach((k, v) -> out.put(k, rewrite(v, rw)));
    return out;
  }

  private static List<String> argv(List<String> argv, Map<String, String> rewrite) {
    List<String> out = new ArrayList<>();
    for (String a : argv) out.add(a.equals("java") ? JAVA : rewrite(a, rewrite));
    return out;
  }

  private Path start(String name, List<String> argv, Map<String, String> env) throws IOException {
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    processes.add(pb.start());
    return log;
  }

  private String[] cli(Map<String, String> env, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "cli", ".out");
    Path err = Files.createTempFile(dir, "cli", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(4, TimeUnit.MINUTES)) p.destroyForcibly();
    return new String[] {String.valueOf(p.waitFor()), Files.readString(out), Files.readString(err)};
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) throw new AssertionError("nothing on port " + port);
        Thread.sleep(200);
      }
    }
  }

  private String diagnostics() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String n : List.of("worker", "haproxy", "blue", "green")) {
      Path log = dir.resolve(n + ".log");
      if (!Files.exists(log)) continue;
      List<String> lines = Files.readAllLines(log);
      b.append("\n--- ").append(n).append('\n');
      lines
          .subList(Math.max(0, lines.size() - 20), lines.size())
          .forEach(l -> b.append(l).append('\n'));
    }
    return b.toString();
  }
}
