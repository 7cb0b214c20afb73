package dev.greenlight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.activities.traffic.embedded.EmbeddedProxy;
import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.TestPostgres;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outliving retention and keeping secrets, end to end: a real {@code greenlight worker} process
 * (real activities, archiving to a password-protected PostgreSQL) runs a release that fails on a
 * wrong database password and one that goes live; a deploy hook reads a secret env var. Then the
 * Temporal server is replaced by a new, empty one, and {@code greenlight audit export}, {@code
 * audit report --release} and {@code list --all} answer from the archive. Finally the exported
 * histories (payloads decoded), the worker's logs, the reports, every CLI output and the archive's
 * rows are searched for each secret: none holds one.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ArchiveEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUEUE = "greenlight-archive-e2e";

  // distinctive, so a hit cannot be a coincidence
  private final String dbPassword = "Shop-Db-Pw-" + UUID.randomUUID();
  private final String wrongPassword = "Wrong-Db-Pw-" + UUID.randomUUID();
  private final String archivePassword = "Archive-Pw-" + UUID.randomUUID();
  private final String deployToken = "Deploy-Token-" + UUID.randomUUID();

  @TempDir Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final StringBuilder everythingSeen = new StringBuilder();
  private TestPostgres postgres;
  private String temporal;
  private Process worker;
  private int adminPort;
  private static final String ROUTER_TOKEN = "archive-router-token";

  @AfterEach
  void stopAll() throws Exception {
    if (worker != null && worker.isAlive()) {
      worker.destroyForcibly();
      worker.waitFor(10, TimeUnit.SECONDS);
    }
    for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
  }

  @Test
  void endedReleasesOutliveTheirClusterAndNoSecretIsWrittenAnywhere() throws Exception {
    startPostgres();
    temporal = startTemporal();
    Path spec = writeReleaseFiles();
    Path wrongSpec =
        Files.writeString(
            dir.resolve("greenlight-wrong.yaml"),
            Files.readString(spec)
                .replace("passwordEnv: SHOP_DB_PASSWORD", "passwordEnv: SHOP_DB_PASSWORD_WRONG"));
    worker = startWorker();

    // a release whose migration logs in with a wrong password, then one that goes live
    String failed = startRelease(wrongSpec, "2.0.0");
    Run watchFailed =
        greenlight(Map.of(), "watch", failed, "--temporal", temporal, "--task-queue", QUEUE);
    assertThat(watchFailed.exit()).as(watchFailed.toString()).isEqualTo(1);
    String live = startRelease(spec, "2.0.0");
    awaitStage(live, "AWAITING_APPROVAL");
    Run approve =
        greenlight(
            Map.of(),
            "approve",
            live,
            "--as",
            "alice",
            "--temporal",
            temporal,
            "--task-queue",
            QUEUE);
    assertThat(approve.exit()).as(approve.toString()).isZero();
    Run watchLive =
        greenlight(Map.of(), "watch", live, "--temporal", temporal, "--task-queue", QUEUE);
    assertThat(watchLive.exit()).as(watchLive.toString()).isZero();
    assertThat(Files.readString(dir.resolve("token-seen-green")).strip())
        .as("the deploy hook saw its secret")
        .isEqualTo(sha256(deployToken));

    // the worker archives both within a few rounds; the cluster's own export is the reference
    awaitArchived(failed, live);
    Map<String, String> fromCluster = new LinkedHashMap<>();
    for (String id : List.of(failed, live)) {
      Path out = dir.resolve("cluster-" + id + ".json");
      Run export =
          greenlight(Map.of(), "audit", "export", id, "-o", out.toString(), "--temporal", temporal);
      assertThat(export.exit()).as(export.toString()).isZero();
      fromCluster.put(id, Files.readString(out));
    }

    // retention: the worker drains and stops, and a new, empty Temporal replaces the old one
    worker.destroy();
    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("the worker drains on SIGTERM").isTrue();
    String workerLog = Files.readString(dir.resolve("worker.log"));
    System.out.println("---- worker log\n" + workerLog); // for whoever reads a failure
    assertThat(workerLog)
        .contains("archived " + failed + " (FAILED)")
        .contains("archived " + live + " (SUCCEEDED)");
    seen("worker log", workerLog);
    started.remove(0).close(); // the first Temporal
    temporal = startTemporal();

    Run gone =
        greenlight(
            Map.of(),
            "audit",
            "export",
            live,
            "-o",
            dir.resolve("gone.json").toString(),
            "--temporal",
            temporal);
    assertThat(gone.exit()).as(gone.toString()).isEqualTo(4);
    assertThat(gone.err()).contains("no such release: " + live).contains("--archive-url");

    Map<String, String> env = Map.of("ARCHIVE_DB_PASSWORD", archivePassword);
    List<String> archive =
        List.of(
            "--archive-url",
            archiveUrl(),
            "--archive-user",
            "archivist",
            "--archive-password-env",
            "ARCHIVE_DB_PASSWORD");
    for (String id : List.of(failed, live)) {
      Path out = dir.resolve("archived-" + id + ".json");
      Run export =
          greenlight(
              env,
              concat(
                  List.of("audit", "export", id, "-o", out.toString(), "--temporal", temporal),
                  archive));
      assertThat(export.exit()).as(export.toString()).isZero();
      assertThat(export.out()).contains("from the archive at " + archiveUrl() + " as archivist");
      assertThat(Files.readString(out))
          .as("the archive's copy is the cluster's, byte for byte")
          .isEqualTo(fromCluster.get(id));
      seen("history of " + id, decodedHistory(Files.readString(out)));
    }
    Run replay =
        greenlight(
            Map.of(), "audit", "replay", dir.resolve("archived-" + live + ".json").toString());
    assertThat(replay.exit()).as(replay.toString()).isZero();

    Path md = dir.resolve("live.md");
    Path html = dir.resolve("failed.html");
    Run reportLive =
        greenlight(
            env,
            concat(List.of("audit", "report", "--release", live, "-o", md.toString()), archive));
    Run reportFailed =
        greenlight(
            env,
            concat(
                List.of("audit", "report", "--release", failed, "-o", html.toString()), archive));
    assertThat(reportLive.exit()).as(reportLive.toString()).isZero();
    assertThat(reportFailed.exit()).as(reportFailed.toString()).isZero();
    assertThat(Files.readString(md))
        .contains("# Release " + live)
        .contains("| final state | SUCCEEDED |")
        .contains("| 1 | V1__create_products.sql |")
        .contains("| approve | alice | update (CLI) |");
    assertThat(Files.readString(html))
        .contains("<td>final state</td><td>FAILED</td>")
        .contains("refused the login")
        .contains("SHOP_DB_PASSWORD_WRONG");
    seen("markdown report", Files.readString(md));
    seen("html report", Files.readString(html));

    Run list =
        greenlight(
            env, concat(List.of("list", "--all", "--json", "--temporal", temporal), archive));
    assertThat(list.exit()).as(list.toString()).isZero();
    JsonNode releases = JSON.readTree(list.out());
    assertThat(releases).hasSize(2);
    assertThat(releases.get(0).get("id").asText()).isEqualTo(live); // newest first
    assertThat(releases.get(0).get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(releases.get(1).get("id").asText()).isEqualTo(failed);
    assertThat(releases.get(1).get("state").asText()).isEqualTo("FAILED");
    assertThat(releases.get(1).get("outcome").asText()).contains("refused the login");

    seen("archive rows", archiveRows());
    for (String secret : List.of(dbPassword, wrongPassword, archivePassword, deployToken)) {
      assertThat(everythingSeen.toString()).as("no secret anywhere").doesNotContain(secret);
    }
    // not vacuous: the search covered the failed login, the hook's work and the archive itself
    assertThat(everythingSeen)
        .contains("refused the login for user 'shop'")
        .contains("deployed 2.0.0 to green")
        .contains("\"history_sha256\"")
        .contains("\"id\":\"" + live + "\"")
        .contains("V1__archive.sql");
  }

  // ---- the release: an app per color, the embedded proxy, a spec, a deploy hook, a migration ----

  private Path writeReleaseFiles() throws IOException {
    Files.writeString(dir.resolve("blue.version"), "1.0.0");
    String blue = startApp(Color.BLUE);
    String green = startApp(Color.GREEN);
    int proxyPort = FreePort.find();
    adminPort = FreePort.find();
    Path state = dir.resolve("weights.json");
    EmbeddedProxy proxy =
        EmbeddedProxy.start(
            "127.0.0.1:" + proxyPort,
            "127.0.0.1:" + adminPort,
            ROUTER_TOKEN,
            URI.create(blue),
            URI.create(green),
            state);
    started.add(proxy);
    proxy.route(Color.BLUE, 100);

    Path deploy =
        Files.writeString(
            dir.resolve("deploy.sh"),
            """
            #!/bin/sh
            # deploys VERSION to COLOR: the app reads COLOR.version;
            # a careless hook that prints its token,
            # which Greenlight must mask before the output reaches status, history or reports
            set -eu
            [ -n "${DEPLOY_TOKEN:-}" ] || { echo "DEPLOY_TOKEN is not set"; exit 3; }
            printf %s "$DEPLOY_TOKEN" | sha256sum | cut -d' ' -f1 > "token-seen-$1"
            printf %s "$2" > "$1.version"
            echo "using token $DEPLOY_TOKEN"
            echo "deployed $2 to $1"
            """);
    Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("db/migration"));
    Files.writeString(
        dir.resolve("db/migration/V1__create_products.sql"),
        "CREATE TABLE products (id serial PRIMARY KEY, sku text NOT NULL);\n");
    return Files.writeString(
        dir.resolve("greenlight.yaml"),
        """
        app: shop
        environments:
          blue: {url: "%s", deploy: ["./deploy.sh", "blue", "${VERSION}"]}
          green: {url: "%s", deploy: ["./deploy.sh", "green", "${VERSION}"]}
        health: {path: /health, timeout: 20s, interval: 200ms, versionField: version}
        router:
          type: embedded
          url: http://127.0.0.1:%d
          embedded: {listen: "127.0.0.1:%d", stateFile: "%s", admin: "127.0.0.1:%d"}
          steps: [100]
        database:
          url: jdbc:postgresql://127.0.0.1:%d/shop
          user: shop
          passwordEnv: SHOP_DB_PASSWORD
          migrations: db/migration
        smoke:
          - {name: health, path: /health, expect: 200}
        approval: {approvers: [alice], required: 1, timeout: 1h}
        monitor:
          window: 2s
          interval: 500ms
          path: /
          requestsPerSample: 3
          errorRate: {alert: 0.5, rollback: 0.9}
          p95: {alert: 3000ms, rollback: 5000ms}
        """
            .formatted(blue, green, proxyPort, proxyPort, state, adminPort, postgres.port()));
  }

  /** A color's app: /health reports the version its deploy wrote; everything else answers 200. */
  private String startApp(Color color) {
    Path file = dir.resolve(color.label() + ".version");
    ColorBackend app =
        ColorBackend.start(color)
            .otherwise(Reply.ok("hello from " + color.label()))
            .on(
                "/health",
                x -> {
                  String version = Files.exists(file) ? Files.readString(file).strip() : "none";
                  return Reply.ok(
                      "{\"status\":\"UP\",\"version\":\""
                          + version
                          + "\",\"color\":\""
                          + color.label()
                          + "\"}");
                });
    started.add(app);
    return app.url();
  }

  private String startRelease(Path spec, String version) throws Exception {
    Run start =
        greenlight(
            Map.of(),
            "start",
            spec.toString(),
            "--version",
            version,
            "--as",
            "carol",
            "--temporal",
            temporal,
            "--task-queue",
            QUEUE);
    assertThat(start.exit()).as(start.toString()).isZero();
    return start.out().strip();
  }

  private void awaitStage(String id, String stage) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      Run status =
          greenlight(
              Map.of(), "status", id, "--json", "--temporal", temporal, "--task-queue", QUEUE);
      if (status.exit() == 0 && stage.equals(JSON.readTree(status.out()).path("stage").asText()))
        return;
      assertThat(System.nanoTime())
          .as(id + " reaches " + stage + "; last: " + status)
          .isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  // ---- processes: the worker and the CLI, as an operator runs them ----

  private Process startWorker() throws IOException {
    ProcessBuilder pb =
        java(
            List.of(
                "worker",
                "--temporal",
                temporal,
                "--task-queue",
                QUEUE,
                "--archive-url",
                archiveUrl(),
                "--archive-user",
                "archivist",
                "--archive-password-env",
                "ARCHIVE_DB_PASSWORD",
                "--archive-interval",
                "500ms"));
    Map<String, String> env = pb.environment();
    env.put("SHOP_DB_PASSWORD", dbPassword);
    env.put("SHOP_DB_PASSWORD_WRONG", wrongPassword);
    env.put("ARCHIVE_DB_PASSWORD", archivePassword);
    env.put("DEPLOY_TOKEN", deployToken);
    env.put(EmbeddedProxy.TOKEN_ENV, ROUTER_TOKEN);
    env.put("GREENLIGHT_LOG_LEVEL", "DEBUG"); // the most the worker ever logs
    pb.directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("worker.log").toFile());
    return pb.start();
  }

  private Run greenlight(Map<String, String> env, String... args) throws Exception {
    return greenlight(env, List.of(args));
  }

  private Run greenlight(Map<String, String> env, List<String> args) throws Exception {
    ProcessBuilder pb = java(args);
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "cli", ".out");
    Path err = Files.createTempFile(dir, "cli", ".err");
    pb.directory(dir.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("greenlight " + args + " did not finish in 90 s");
    }
    Run run = new Run(args, p.exitValue(), Files.readString(out), Files.readString(err));
    seen("greenlight " + args, run.out() + run.err());
    return run;
  }

  private static ProcessBuilder java(List<String> args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Greenlight.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command);
  }

  record Run(List<String> args, int exit, String out, String err) {
    @Override
    public String toString() {
      return "greenlight "
          + String.join(" ", args)
          + ": exit "
          + exit
          + "\n--- stdout\n"
          + out
          + "--- stderr\n"
          + err;
    }
  }

  // ---- PostgreSQL (password auth for all but its superuser) and Temporal ----

  private void startPostgres() throws IOException {
    postgres = new TestPostgres().start();
    started.add(postgres);
    postgres.createRole("shop", dbPassword);
    postgres.sql("postgres", "CREATE DATABASE shop OWNER shop");
    postgres.createRole("archivist", archivePassword);
    postgres.sql("postgres", "CREATE DATABASE greenlight_archive OWNER archivist");
  }

  private String archiveUrl() {
    return postgres.jdbcUrl("greenlight_archive");
  }

  private void awaitArchived(String... ids) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String query = "SELECT count(*) FROM greenlight.releases WHERE id = ANY (?)";
    while (true) {
      try (Connection c = postgres.connect("greenlight_archive");
          var s = c.prepareStatement(query)) {
        s.setArray(1, c.createArrayOf("text", ids));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getInt(1) == ids.length) return;
        }
      } catch (java.sql.SQLException e) {
        // the schema is not there before the worker's first round
      }
      assertThat(System.nanoTime()).as("archived within 60 s").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /** Every archive row as JSON, with the stored histories' payloads decoded. */
  private String archiveRows() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = postgres.connect("greenlight_archive");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT row_to_json(r)::text, r.history FROM greenlight.releases r")) {
      while (rs.next())
        all.append(rs.getString(1))
            .append('\n')
            .append(decodedHistory(rs.getString(2)))
            .append('\n');
    }
    try (Connection c = postgres.connect("greenlight_archive");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT row_to_json(h)::text FROM greenlight.flyway_schema_history h")) {
      while (rs.next()) all.append(rs.getString(1)).append('\n');
    }
    return all.toString();
  }

  private String startTemporal() throws IOException {
    int port = FreePort.find();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
    started.add(0, server);
    return "127.0.0.1:" + port;
  }

  // ---- searching ----

  private void seen(String what, String text) {
    everythingSeen.append("\n==== ").append(what).append('\n').append(text);
  }

  /**
   * A history's JSON with every payload decoded too: payload data is base64, so a secret in a
   * payload would not show in the raw text.
   */
  private static String decodedHistory(String json) throws IOException {
    StringBuilder out = new StringBuilder(json).append('\n');
    decode(JSON.readTree(json), out);
    return out.toString();
  }

  private static void decode(JsonNode node, StringBuilder out) {
    if (node.isTextual()) {
      try {
        out.append(new String(Base64.getDecoder().decode(node.asText()), StandardCharsets.UTF_8))
            .append('\n');
      } catch (IllegalArgumentException notBase64) {
        // plain text, already in the JSON
      }
      return;
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) decode(it.next(), out);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
