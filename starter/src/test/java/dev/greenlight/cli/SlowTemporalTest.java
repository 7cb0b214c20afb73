package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.DelayProxy;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.worker.ReleaseWorker;
import io.temporal.testserver.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow Temporal is not an unreachable one: behind a proxy that holds each connection's first
 * answer for 6 seconds (longer than one check attempt), {@code status}, {@code list} and {@code
 * approve} still work. A server that accepts and never answers, or a refused port, still exits 5
 * with one line.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SlowTemporalTest {
  private static final String QUEUE = "greenlight-slow-test";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static TestServer.PortBoundTestServer server;
  private static TemporalConnection workerConnection;
  private static ReleaseWorker worker;
  private static DelayProxy slow;
  private static String direct;

  @BeforeAll
  static void start() throws Exception {
    int port = FreePort.find();
    server = TestServer.createPortBoundServer(port);
    direct = "127.0.0.1:" + port;
    workerConnection = TemporalConnection.connect(direct, "default", QUEUE);
    worker = ReleaseWorker.start(workerConnection.client(), QUEUE, List.of(new FakeActivities()));
    slow = DelayProxy.start(port, Duration.ofSeconds(6));
  }

  @AfterAll
  static void stop() {
    if (slow != null) slow.close();
    if (worker != null) worker.close();
    if (workerConnection != null) workerConnection.close();
    if (server != null) server.close();
  }

  private static CliRun cli(String address, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--temporal";
    all[args.length + 1] = address;
    all[args.length + 2] = "--task-queue";
    all[args.length + 3] = QUEUE;
    return CliRun.of(null, all);
  }

  @Test
  void statusListAndApproveWorkThroughASlowServer() throws Exception {
    CliRun start =
        cli(
            direct,
            "start",
            Specs.good(dir.resolve("slow"), "shop").toString(),
            "--version",
            "2.0.0",
            "--as",
            "carol");
    assertThat(start.exit()).as(start.toString()).isZero();
    String id = start.out().trim();
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      CliRun s = cli(direct, "status", id, "--json");
      if (s.exit() == 0 && JSON.readTree(s.out()).get("stage").asText().equals("AWAITING_APPROVAL"))
        break;
      assertThat(Instant.now()).as(s.toString()).isBefore(deadline);
      Thread.sleep(200);
    }

    CliRun status = cli(slow.address(), "status", id, "--json");
    CliRun list = cli(slow.address(), "list", "--json");
    CliRun approve = cli(slow.address(), "approve", id, "--as", "alice");

    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(JSON.readTree(status.out()).get("id").asText()).isEqualTo(id);
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(JSON.readTree(list.out()).findValuesAsText("id")).contains(id);
    assertThat(approve.exit()).as(approve.toString()).isZero();
  }

  @Test
  void aServerThatNeverAnswersExits5WithOneLine() throws Exception {
    try (DelayProxy hole = DelayProxy.blackhole()) {
      CliRun run = cli(hole.address(), "status", "shop-1-abcd", "--connect-timeout", "3s");

      assertThat(run.exit()).as(run.toString()).isEqualTo(5);
      assertThat(run.out()).isEmpty();
      assertThat(run.errLines()).as(run.toString()).hasSize(1);
      assertThat(run.err())
          .contains(hole.address(), "no answer within 3s", "--connect-timeout")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aRefusedPortExits5WithOneLine() throws Exception {
    String nothing = "127.0.0.1:" + FreePort.find();
    CliRun run = cli(nothing, "approve", "shop-1-abcd", "--as", "alice");

    assertThat(run.exit()).as(run.toString()).isEqualTo(5);
    assertThat(run.errLines()).as(run.toString()).hasSize(1);
    assertThat(run.err()).contains("Temporal is unreachable at " + nothing, "refused");
  }

  @Test
  void aConnectTimeoutThatIsNotADurationIsBadUsage() {
    CliRun run = cli(direct, "list", "--connect-timeout", "soon");

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).startsWith("--connect-timeout: 'soon' is not a duration");
  }
}
