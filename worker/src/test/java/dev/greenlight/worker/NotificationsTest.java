package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenlight.activities.notify.NotifyActivitiesImpl;
import dev.greenlight.api.model.NotificationRecord;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notify:} end to end: a real worker with the real notify activity, posting to an HTTP
 * receiver of the test, against a Temporal test server.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NotificationsTest {
  private static final String QUEUE = "greenlight-notify-test";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private ReleaseWorker worker;
  private HttpServer receiver;
  private final FakeActivities fake = new FakeActivities();

  /** What the receiver got, in order: "/hook {json}" or "/slack {json}". */
  private final List<String> received = Collections.synchronizedList(new ArrayList<>());

  /** How the receiver answers a request: its status code (it may also hold the request). */
  private volatile Answer answer = (path, event) -> 200;

  interface Answer {
    int status(String path, String event) throws InterruptedException;
  }

  @BeforeEach
  void start() throws IOException {
    int port = FreePort.find();
    server = TestServer.createPortBoundServer(port);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client = WorkflowClient.newInstance(stubs);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", this::receive);
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.start();
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    Map<String, String> env = Map.of("HOOK_URL", base + "/hook", "SLACK_URL", base + "/slack");
    worker =
        ReleaseWorker.start(
            client,
            QUEUE,
            List.of(fake, new NotifyActivitiesImpl(env::get)),
            Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    worker.close();
    receiver.stop(0);
    stubs.shutdownNow();
    server.close();
  }

  private void receive(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    int status;
    try {
      JsonNode json = JSON.readTree(body);
      String event = json.has("event") ? json.get("event").asText() : json.get("text").asText();
      status = answer.status(path, event);
    } catch (InterruptedException e) {
      status = 503;
    }
    if (status == 200) received.add(path + " " + body);
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private List<JsonNode> hooks(String path) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String r : List.copyOf(received)) {
      if (r.startsWith(path + " ")) out.add(JSON.readTree(r.substring(path.length() + 1)));
    }
    return out;
  }

  private String release(SpecBuilder spec) throws Exception {
    ReleaseClient releases = new ReleaseClient(TemporalConnection.using(client, QUEUE));
    String id = releases.start(spec.load(), "2.0.0", "carol");
    await(releases, id, s -> s.stage() == Stage.AWAITING_APPROVAL);
    releases.approve(id, "alice", "go");
    return id;
  }

  private ReleaseStatus result(String id) {
    return client.newUntypedWorkflowStub(id).getResult(ReleaseStatus.class);
  }

  private static ReleaseStatus await(
      ReleaseClient releases, String id, Predicate<ReleaseStatus> until) throws Exception {
    ReleaseStatus s = null;
    for (int i = 0; i < 1200; i++) {
      s = releases.status(id);
      if (until.test(s)) return s;
      Thread.sleep(50);
    }
    throw new AssertionError("the release never got there; last: " + s);
  }

  private SpecBuilder spec(String notify) {
    return SpecBuilder.in(dir).with("notify", notify);
  }

  @Test
  void aReceiverSeesEachEventOnceInOrder() throws Exception {
    fake.breachAtSample = 2; // samples 2 and 3 have 40% errors: alerts, under the 50% rollback
    String id =
        release(
            spec("[{type: webhook, urlEnv: HOOK_URL}, {type: slack, urlEnv: SLACK_URL}]")
                .with(
                    "monitor",
                    "{window: 30s, interval: 10s, errorRate: {alert: 0.3, rollback: 0.5}}"));
    ReleaseStatus done = result(id);

    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    List<JsonNode> hook = hooks("/hook");
    assertThat(hook)
        .extracting(j -> j.get("event").asText())
        .containsExactly("awaiting_approval", "switched", "alert", "alert", "finished");
    assertThat(hook).allMatch(j -> j.get("release").asText().equals(id));
    assertThat(hook).allMatch(j -> j.get("app").asText().equals("shop"));
    assertThat(hook).allMatch(j -> j.get("version").asText().equals("2.0.0"));
    JsonNode approval = hook.get(0);
    assertThat(approval.get("state").asText()).isEqualTo("RUNNING");
    assertThat(approval.get("command").asText())
        .isEqualTo("greenlight approve " + id + " --as NAME");
    assertThat(approval.get("approve").asText()).contains("switch shop from blue to green");
    assertThat(approval.get("text").asText()).contains("greenlight approve " + id);
    assertThat(hook.get(2).get("text").asText()).contains("alert on green");
    assertThat(hook.get(4).get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(hook.get(4).get("outcome").asText()).isEqualTo(done.outcome());
    // slack gets the same events, as {"text": ...} only
    List<JsonNode> slack = hooks("/slack");
    assertThat(slack).hasSize(5);
    assertThat(slack).allMatch(j -> j.size() == 1 && j.has("text"));
    assertThat(slack.get(0).get("text").asText()).isEqualTo(approval.get("text").asText());
    assertThat(done.notifications())
        .hasSize(10)
        .allMatch(n -> n.status().equals("sent") && n.detail().equals("HTTP 200"));
  }

  @Test
  void aRollbackIsToldWithItsOutcome() throws Exception {
    fake.breachAtSample = 1;
    String id = release(spec("[{type: webhook, urlEnv: HOOK_URL}]"));
    ReleaseStatus done = result(id);

    assertThat(done.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    List<JsonNode> hook = hooks("/hook");
    assertThat(hook)
        .extracting(j -> j.get("event").asText())
        .containsExactly("awaiting_approval", "switched", "rolled_back", "finished");
    assertThat(hook.get(2).get("outcome").asText())
        .isEqualTo(done.outcome())
        .contains("traffic is back on blue");
    assertThat(hook.get(3).get("state").asText()).isEqualTo("ROLLED_BACK");
  }

  @Test
  void aFailingReceiverNeitherFailsNorHoldsTheReleaseAndShowsInStatus() throws Exception {
    CountDownLatch letGo = new CountDownLatch(1);
    // the receiver holds the news of the switch, then refuses it; it takes everything else
    answer =
        (path, event) -> {
          if (!event.equals("switched")) return 200;
          letGo.await(60, TimeUnit.SECONDS);
          return 500;
        };
    String id = release(spec("[{type: webhook, urlEnv: HOOK_URL}]"));
    ReleaseClient releases = new ReleaseClient(TemporalConnection.using(client, QUEUE));
    ReleaseStatus ended = await(releases, id, s -> s.state().finished());

    // the whole monitor window ran while the switch's notification was still unanswered
    assertThat(ended.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(ended.notifications())
        .extracting(NotificationRecord::event)
        .doesNotContain("switched");
    letGo.countDown();

    ReleaseStatus done = result(id);
    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(done.notifications())
        .extracting(NotificationRecord::event, NotificationRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("awaiting_approval", "sent"),
            org.assertj.core.groups.Tuple.tuple("switched", "failed"),
            org.assertj.core.groups.Tuple.tuple("finished", "sent"));
    NotificationRecord failed = done.notifications().get(1);
    assertThat(failed.target()).isEqualTo("webhook HOOK_URL");
    assertThat(failed.detail()).isIn("HTTP 500", "no answer within 5s");
    assertThat(hooks("/hook"))
        .extracting(j -> j.get("event").asText())
        .containsExactly("awaiting_approval", "finished");
  }

  @Test
  void aMissingUrlVariableIsListedWithoutRetriesAndTheReleaseGoesOn() throws Exception {
    String id = release(spec("[{type: slack, urlEnv: NOT_SET_URL}]"));
    ReleaseStatus done = result(id);

    assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(done.notifications())
        .hasSize(3)
        .allMatch(n -> n.status().equals("failed"))
        .allMatch(
            n ->
                n.detail()
                    .equals("the worker's environment has no NOT_SET_URL (the webhook's URL)"));
  }
}
