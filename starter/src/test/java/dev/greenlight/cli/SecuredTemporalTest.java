package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.client.ConnectionSettings;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.audit.ReleaseHistory;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.worker.ReleaseWorker;
import io.temporal.testserver.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and a worker against a Temporal that only a real TLS front (nginx) reaches: one front
 * that wants a client certificate (mTLS), one that wants an API key. Every refusal exits 5 with one
 * line that says what to fix, and never shows the key.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecuredTemporalTest {
  private static final String QUEUE = "greenlight-tls-test";
  private static final String API_KEY_QUEUE = "greenlight-api-key-test";
  private static final String API_KEY = "s3cret-api-key-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static TestServer.PortBoundTestServer server;
  private static int plainPort;
  private static TlsFront.Pki pki;
  private static TlsFront mtls;
  private static TlsFront apiKeyFront;
  private static TlsFront deniedFront;
  private static TemporalConnection workerConnection;
  private static ReleaseWorker worker;
  private static TemporalConnection apiKeyWorkerConnection;
  private static ReleaseWorker apiKeyWorker;

  @BeforeAll
  static void start() throws Exception {
    int port = FreePort.find();
    server = TestServer.createPortBoundServer(port);
    plainPort = port;
    pki = TlsFront.Pki.make(dir.resolve("pki"));
    mtls =
        TlsFront.start(
            dir.resolve("mtls"),
            pki,
            port,
            "ssl_client_certificate " + pki.ca() + "; ssl_verify_client on;");
    apiKeyFront =
        TlsFront.start(
            dir.resolve("apikey"),
            pki,
            port,
            "if ($http_authorization != \"Bearer " + API_KEY + "\") { return 401; }");
    // Lets the connection check through, then refuses the release calls: a key that may reach the
    // cluster but not this namespace's workflows (403 is PERMISSION_DENIED, 401 UNAUTHENTICATED).
    deniedFront =
        TlsFront.start(
            dir.resolve("denied"),
            pki,
            port,
            "location ~ ^/temporal[.]api[.]workflowservice[.]v1[.]WorkflowService/"
                + "(?!GetSystemInfo$|DescribeNamespace$) {"
                + " if ($http_x_deny = \"401\") { return 401; } return 403; }");
    // Each worker reaches Temporal only through its front, as `greenlight worker` would.
    workerConnection =
        TemporalConnection.connect(
            workerSettings(
                mtls.address(),
                QUEUE,
                List.of("cert=" + pki.clientCert(), "key=" + pki.clientKey(), "ca=" + pki.ca())));
    worker = ReleaseWorker.start(workerConnection.client(), QUEUE, List.of(new FakeActivities()));
    apiKeyWorkerConnection =
        TemporalConnection.connect(
            workerSettings(
                apiKeyFront.address(),
                API_KEY_QUEUE,
                List.of("ca=" + pki.ca(), "apikey=" + API_KEY)));
    apiKeyWorker =
        ReleaseWorker.start(
            apiKeyWorkerConnection.client(), API_KEY_QUEUE, List.of(new FakeActivities()));
  }

  private static ConnectionSettings workerSettings(
      String front, String queue, List<String> settings) {
    Map<String, String> s = new java.util.HashMap<>();
    for (String kv : settings) {
      int sep = kv.indexOf('=');
      s.put(kv.substring(0, sep), kv.substring(sep + 1));
    }
    return ConnectionSettings.resolve(
        new ConnectionSettings.Flags(
            front,
            "default",
            queue,
            null,
            s.get("cert"),
            s.get("key"),
            s.get("ca"),
            null,
            null,
            s.get("apikey"),
            List.of(),
            null,
            null),
        Map.of(),
        ConnectionSettings.workerIdentity());
  }

  @AfterAll
  static void stop() throws Exception {
    if (worker != null) worker.close();
    if (apiKeyWorker != null) apiKeyWorker.close();
    if (workerConnection != null) workerConnection.close();
    if (apiKeyWorkerConnection != null) apiKeyWorkerConnection.close();
    if (mtls != null) mtls.close();
    if (apiKeyFront != null) apiKeyFront.close();
    if (deniedFront != null) deniedFront.close();
    if (server != null) server.close();
  }

  private static CliRun cli(String front, List<String> connection, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--temporal", front, "--task-queue", QUEUE));
    all.addAll(connection);
    return CliRun.of(null, all.toArray(String[]::new));
  }

  private static List<String> mtlsFlags() {
    return List.of(
        "--tls-ca-path", pki.ca().toString(),
        "--tls-cert-path", pki.clientCert().toString(),
        "--tls-key-path", pki.clientKey().toString());
  }

  @Test
  void aWholeReleaseWithWorkerAndCliOnMutualTls() throws Exception {
    String front = mtls.address();
    CliRun start =
        cli(
            front,
            mtlsFlags(),
            "start",
            Specs.good(dir.resolve("release"), "shop").toString(),
            "--version",
            "4.0.0",
            "--as",
            "carol");
    assertThat(start.exit()).as(start.toString()).isZero();
    String id = start.out().trim();
    awaitStage(front, id, "AWAITING_APPROVAL");

    CliRun approve = cli(front, mtlsFlags(), "approve", id, "--as", "alice");
    CliRun watch = cli(front, mtlsFlags(), "watch", id);
    CliRun list = cli(front, mtlsFlags(), "list", "--all", "--json");

    assertThat(approve.exit()).as(approve.toString()).isZero();
    assertThat(watch.exit()).as(watch.toString()).isZero();
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(JSON.readTree(list.out()).findValuesAsText("id")).contains(id);

    // The history says who sent each command: the CLI's default identity, or --identity.
    ReleaseHistory history = ReleaseHistory.of(workerConnection.client().fetchHistory(id));
    assertThat(history.commands).singleElement().satisfies(c -> assertIdentity(c, "approve"));

    // --identity replaces the default
    CliRun other =
        cli(
            front,
            mtlsFlags(),
            "start",
            Specs.good(dir.resolve("other"), "cart").toString(),
            "--version",
            "1.0.0",
            "--as",
            "carol");
    assertThat(other.exit()).as(other.toString()).isZero();
    String otherId = other.out().trim();
    awaitStage(front, otherId, "AWAITING_APPROVAL");
    CliRun abort =
        cli(
            front,
            mtlsFlags(),
            "abort",
            otherId,
            "--as",
            "bob",
            "--reason",
            "test",
            "--identity",
            "bob@laptop");
    assertThat(abort.exit()).as(abort.toString()).isZero();
    assertThat(ReleaseHistory.of(workerConnection.client().fetchHistory(otherId)).commands)
        .extracting(ReleaseHistory.Command::identity)
        .containsExactly("bob@laptop");
  }

  private static void assertIdentity(ReleaseHistory.Command c, String name) {
    assertThat(c.name()).isEqualTo(name);
    assertThat(c.identity())
        .isEqualTo(ConnectionSettings.cliIdentity())
        .startsWith("greenlight-cli:" + System.getProperty("user.name") + "@");
  }

  @Test
  void aWholeReleaseWithWorkerAndCliBehindAnApiKeyFront() throws Exception {
    String front = apiKeyFront.address();
    List<String> key = List.of("--tls-ca-path", pki.ca().toString(), "--api-key", API_KEY);
    String spec = Specs.good(dir.resolve("api-key-release"), "books").toString();
    CliRun start =
        CliRun.of(
            null,
            "start",
            spec,
            "--version",
            "2.0.0",
            "--as",
            "carol",
            "--temporal",
            front,
            "--task-queue",
            API_KEY_QUEUE,
            key.get(0),
            key.get(1),
            key.get(2),
            key.get(3));
    assertThat(start.exit()).as(start.toString()).isZero();
    String id = start.out().trim();
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      CliRun approve = cli(front, key, "approve", id, "--as", "alice");
      if (approve.exit() == 0) break;
      assertThat(Instant.now()).as(approve.toString()).isBefore(deadline);
      Thread.sleep(200);
    }
    CliRun watch = cli(front, key, "watch", id);
    assertThat(watch.exit()).as(watch.toString()).isZero();
    assertThat(start.err() + watch.out() + watch.err()).doesNotContain(API_KEY);
  }

  @Test
  void listAndStatusThroughAnApiKeyFrontTheKeyTurningTlsOn() throws Exception {
    List<String> key = List.of("--tls-ca-path", pki.ca().toString(), "--api-key", API_KEY);
    CliRun list = cli(apiKeyFront.address(), key, "list", "--json");
    CliRun status =
        cli(apiKeyFront.address(), key, "status", "--tls", "shop-nothing-here", "--json");

    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(JSON.readTree(list.out()).isArray()).isTrue();
    // the server answered through the front: the release is not there; --tls took no value
    assertThat(status.exit()).as(status.toString()).isEqualTo(4);
    assertThat(status.err()).contains("no such release: shop-nothing-here");
    assertThat(list.err() + status.err() + status.out()).doesNotContain(API_KEY);
  }

  @Test
  void aServerCertificateFromAnUnknownCaExits5() {
    assertFailsWith(
        mtls.address(),
        List.of(
            "--tls-cert-path",
            pki.clientCert().toString(),
            "--tls-key-path",
            pki.clientKey().toString()),
        "not signed by a CA we trust",
        "--tls-ca-path");
  }

  @Test
  void noClientCertificateForAnMtlsFrontExits5() {
    assertFailsWith(
        mtls.address(),
        List.of("--tls-ca-path", pki.ca().toString()),
        "requires a client certificate",
        "--tls-cert-path");
  }

  @Test
  void aClientCertificateFromAnotherCaExits5() {
    assertFailsWith(
        mtls.address(),
        List.of(
            "--tls-ca-path", pki.ca().toString(),
            "--tls-cert-path", pki.rogueCert().toString(),
            "--tls-key-path", pki.rogueKey().toString()),
        "refused the client certificate",
        "--tls-cert-path");
  }

  @Test
  void aServerNameTheCertificateDoesNotCarryExits5() {
    List<String> flags = new ArrayList<>(mtlsFlags());
    flags.addAll(List.of("--tls-server-name", "wrong.example"));
    assertFailsWith(mtls.address(), flags, "not for 'wrong.example'", "--tls-server-name");
  }

  @Test
  void aWrongApiKeyExits5WithoutShowingIt() {
    CliRun run =
        assertFailsWith(
            apiKeyFront.address(),
            List.of("--tls-ca-path", pki.ca().toString(), "--api-key", "wrong-" + API_KEY),
            "refused the API key",
            "--api-key");
    assertThat(run.err()).doesNotContain(API_KEY);
  }

  @Test
  void aPermissionDeniedAfterTheConnectionCheckExits5WithOneLine() {
    List<String> tls = List.of("--tls-ca-path", pki.ca().toString(), "--api-key", API_KEY);
    for (String[] args :
        List.of(
            new String[] {"list"},
            new String[] {"status", "shop-1-abcd"},
            new String[] {"approve", "shop-1-abcd", "--as", "alice"})) {
      CliRun run = cli(deniedFront.address(), tls, args);
      assertThat(run.exit()).as(run.toString()).isEqualTo(5);
      assertThat(run.out()).isEmpty();
      assertThat(run.errLines()).as(run.toString()).hasSize(1);
      assertThat(run.err())
          .as(run.toString())
          .contains("refused the request (permission denied)", "--namespace", "--api-key")
          .doesNotContain(API_KEY, "\tat ");
    }
  }

  @Test
  void anUnauthenticatedAnswerAfterTheConnectionCheckExits5WithOneLine() {
    List<String> tls =
        List.of(
            "--tls-ca-path",
            pki.ca().toString(),
            "--api-key",
            API_KEY,
            "--grpc-meta",
            "x-deny=401");
    CliRun run = cli(deniedFront.address(), tls, "list");
    assertThat(run.exit()).as(run.toString()).isEqualTo(5);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.err())
        .as(run.toString())
        .contains("refused the API key")
        .doesNotContain(API_KEY);
  }

  @Test
  void plaintextToATlsFrontExits5() {
    assertFailsWith(apiKeyFront.address(), List.of(), "--tls");
  }

  @Test
  void tlsToAPlaintextPortExits5() {
    assertFailsWith("127.0.0.1:" + plainPort, List.of("--tls"), "does not speak TLS");
  }

  @Test
  void workerStartupFailsTheSameWay() {
    List<String> all =
        new ArrayList<>(
            List.of(
                "worker",
                "--temporal",
                mtls.address(),
                "--task-queue",
                QUEUE,
                "--tls-ca-path",
                pki.ca().toString()));
    CliRun run = CliRun.of(null, all.toArray(String[]::new));
    assertThat(run.exit()).as(run.toString()).isEqualTo(5);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.err()).contains("requires a client certificate");
  }

  private static CliRun assertFailsWith(String front, List<String> flags, String... expected) {
    CliRun run = cli(front, flags, "list");
    assertThat(run.exit()).as(run.toString()).isEqualTo(5);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.err()).as(run.toString()).contains(expected).doesNotContain("\tat ");
    return run;
  }

  private static void awaitStage(String front, String id, String stage) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      CliRun run = cli(front, mtlsFlags(), "status", id, "--json");
      JsonNode s = run.exit() == 0 ? JSON.readTree(run.out()) : null;
      if (s != null && stage.equals(s.get("stage").asText())) return;
      assertThat(Instant.now()).as("%s to reach %s: %s", id, stage, run).isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
