package dev.greenlight.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.activities.traffic.embedded.EmbeddedRouter;
import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.FreePort;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LocalStackTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void givenPortsAreTheOnesUsed() throws Exception {
    int shop = freeRun(3);
    int postgres = FreePort.find();
    String temporal = "127.0.0.1:" + FreePort.find();
    try (LocalStack stack =
        LocalStack.builder()
            .temporalAddress(temporal)
            .workDir(dir.resolve("ports"))
            .ports(shop, shop + 1, shop + 2)
            .postgresPort(postgres)
            .start()) {
      assertThat(stack.databaseUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + postgres + "/");
      assertThat(stack.proxyUrl()).endsWith(":" + shop);
      assertThat(stack.demo().url(Color.BLUE)).endsWith(":" + (shop + 1));
      assertThat(stack.demo().url(Color.GREEN)).endsWith(":" + (shop + 2));
      assertThat(get(stack.proxyUrl() + "/health").body()).contains("\"version\":\"1.0.0\"");
    }
  }

  /** The first of {@code count} consecutive free ports. */
  private static int freeRun(int count) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = FreePort.find();
      boolean free = first + count - 1 <= 65535;
      for (int p = first; free && p < first + count; p++) free = LocalStack.portFree(p);
      if (free) return first;
    }
    throw new IllegalStateException("no run of " + count + " free ports");
  }

  @Test
  void startsWhatIsMissingServesBlueOneZeroAndStopsCleanly() throws Exception {
    int temporalPort = FreePort.find();
    String temporal = "127.0.0.1:" + temporalPort;
    LocalStack stack =
        LocalStack.builder()
            .temporalAddress(temporal)
            .workDir(dir.resolve("demo"))
            .ports(0, 0, 0)
            .start();
    List<Integer> ports = new ArrayList<>();
    ProcessHandle blueApp;
    try {
      assertThat(stack.temporalStarted()).isTrue();
      assertThat(stack.databaseStarted()).isTrue();
      assertSystemInfo(temporal);
      assertSearchAttributesRegistered(temporal);

      // blue runs 1.0.0, directly and through the proxy, which says blue is live
      DemoWorkspace demo = stack.demo();
      assertThat(get(demo.url(Color.BLUE) + "/health").body())
          .contains("\"version\":\"1.0.0\"")
          .contains("\"color\":\"blue\"");
      HttpResponse<String> viaProxy = get(stack.proxyUrl() + "/api/products");
      assertThat(viaProxy.statusCode()).isEqualTo(200);
      assertThat(viaProxy.body()).contains("\"sku\"");
      assertThat(viaProxy.headers().firstValue("X-Greenlight-Color")).hasValue("blue");
      assertThat(
              new EmbeddedRouter(null, stack.proxyUrl(), stack.workerEnvironment(null)).liveColor())
          .isEqualTo(Color.BLUE);

      // the schema of 1.0.0 is there (V1), and V2 is left for the first release
      try (Connection c =
              DriverManager.getConnection(stack.databaseUrl(), stack.databaseUser(), "shop");
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT version FROM flyway_schema_history WHERE success ORDER BY"
                      + " installed_rank")) {
        List<String> versions = new ArrayList<>();
        while (rs.next()) versions.add(rs.getString(1));
        assertThat(versions).containsExactly("1");
      }

      // the spec is written out with the real ports and no password
      String spec = Files.readString(stack.specFile());
      assertThat(spec)
          .contains("url: http://127.0.0.1:" + stack.proxy().address().getPort())
          .contains("url: http://127.0.0.1:" + demo.settings().bluePort())
          .contains("type: embedded")
          .contains("url: \"" + stack.databaseUrl() + "\"")
          .contains("passwordEnv: DEMO_DB_PASSWORD")
          .doesNotContain("{{");
      assertThat(Files.readString(demo.dir().resolve("demo.env")))
          .contains("DEMO_DB_PASSWORD_ENV=")
          .doesNotContainPattern("(?m)^DEMO_DB_PASSWORD=");
      assertThat(stack.describe())
          .anySatisfy(l -> assertThat(l).contains(stack.specFile().toString()));

      // a second stack finds Temporal and the database already there and starts neither
      try (LocalStack second =
          LocalStack.builder()
              .temporalAddress(temporal)
              .databaseUrl(stack.databaseUrl())
              .demo(false)
              .start()) {
        assertThat(second.temporalStarted()).isFalse();
        assertThat(second.databaseStarted()).isFalse();
        assertThat(second.describe().get(0)).contains("already running");
      }
      assertSystemInfo(temporal); // closing the second stack left the first one's Temporal alone

      ports.add(temporalPort);
      ports.add(stack.proxy().address().getPort());
      ports.add(demo.settings().bluePort());
      ports.add(demo.settings().greenPort());
      ports.add(URI.create(stack.databaseUrl().substring("jdbc:".length())).getPort());
      blueApp = demo.app(Color.BLUE).orElseThrow();
    } finally {
      stack.close();
    }
    assertThat(blueApp.isAlive()).as("the demo app is stopped").isFalse();
    for (int port : ports)
      assertThat(LocalStack.portFree(port)).as("port %d is free", port).isTrue();
  }

  @Test
  void refusesAPortTakenBySomethingThatIsNotTemporal() throws Exception {
    try (ServerSocket taken = FreePort.occupy()) {
      assertThatThrownBy(
              () ->
                  LocalStack.builder()
                      .temporalAddress("127.0.0.1:" + taken.getLocalPort())
                      .patience(java.time.Duration.ofSeconds(2))
                      .demo(false)
                      .start())
          .hasMessageContaining(
              "port " + taken.getLocalPort() + " is in use by something that is not Temporal");
    }
  }

  private static void assertSystemInfo(String address) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      assertThat(
              stubs
                  .blockingStub()
                  .withDeadlineAfter(5, TimeUnit.SECONDS)
                  .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
                  .hasCapabilities())
          .isTrue();
    } finally {
      stubs.shutdownNow();
    }
  }

  /**
   * The test server has no ListSearchAttributes; adding one again answering ALREADY_EXISTS proves
   * it is there.
   */
  private static void assertSearchAttributesRegistered(String address) {
    OperatorServiceStubs ops =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address)
                .validateAndBuildWithDefaults());
    try {
      for (String name : LocalStack.SEARCH_ATTRIBUTES.keySet()) {
        assertThatThrownBy(
                () ->
                    ops.blockingStub()
                        .addSearchAttributes(
                            AddSearchAttributesRequest.newBuilder()
                                .setNamespace("default")
                                .putSearchAttributes(
                                    name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                                .build()))
            .as(name)
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
      }
    } finally {
      ops.shutdownNow();
    }
  }
}
