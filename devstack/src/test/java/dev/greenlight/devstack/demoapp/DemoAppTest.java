package dev.greenlight.devstack.demoapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoAppTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private static DemoConfig config(String version, String dbUrl, String user, String password) {
    return new DemoConfig(0, "green", version, dbUrl, user, password, Set.of("3.0.0"), 20, 40);
  }

  private HttpResponse<String> get(DemoApp app, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(DemoApp app, String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndHomePageNameTheVersion() throws Exception {
    try (DemoApp app = DemoApp.start(config("2.0.0", null, null, null))) {
      HttpResponse<String> health = get(app, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .isEqualTo("{\"status\":\"UP\",\"version\":\"2.0.0\",\"color\":\"green\"}");
      HttpResponse<String> home = get(app, "/");
      assertThat(home.statusCode()).isEqualTo(200);
      assertThat(home.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(home.body()).contains("shop 2.0.0");
      assertThat(get(app, "/nope").statusCode()).isEqualTo(404);
      HttpResponse<String> noDb = get(app, "/api/products");
      assertThat(noDb.statusCode()).isEqualTo(503);
      assertThat(noDb.body()).contains("no database configured");
    }
  }

  @Test
  void aFaultyVersionPassesHealthAndItsFirstRequestsThenFailsUnderTraffic() throws Exception {
    try (DemoApp app = DemoApp.start(config("3.0.0", null, null, null))) {
      for (int i = 0; i < 20; i++) {
        assertThat(get(app, "/").statusCode()).as("request %d", i + 1).isEqualTo(200);
        assertThat(get(app, "/health").statusCode()).isEqualTo(200);
      }
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        statuses.add(get(app, "/").statusCode());
        assertThat(get(app, "/health").statusCode()).as("health stays up").isEqualTo(200);
      }
      assertThat(statuses.stream().filter(s -> s == 500).count()).isEqualTo(40);
      assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(60);
      // spread out, not one burst: never more than 2 failures in a row at 40%
      assertThat(statuses.subList(0, 10)).contains(200).contains(500);
    }
  }

  @Test
  void aGoodVersionNeverFails() throws Exception {
    try (DemoApp app = DemoApp.start(config("2.0.0", null, null, null))) {
      for (int i = 0; i < 120; i++) assertThat(get(app, "/").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void ordersWorkForTheOldVersionOnBothSchemasAndTheNewVersionStoresTheNote() throws Exception {
    try (TestPostgres pg = new TestPostgres().start()) {
      String url = pg.jdbcUrl("postgres");
      Flyway v1 =
          Flyway.configure()
              .dataSource(url, "postgres", "secret")
              .locations("classpath:demo/db/migration")
              .target("1")
              .load();
      v1.migrate();

      try (DemoApp old = DemoApp.start(config("1.0.0", url, "postgres", "secret"))) {
        HttpResponse<String> products = get(old, "/api/products");
        assertThat(products.statusCode()).isEqualTo(200);
        assertThat(products.body()).contains("\"sku\":\"TEA-01\"").contains("\"sku\":\"MUG-01\"");
        HttpResponse<String> created =
            post(old, "/api/orders", "{\"sku\":\"TEA-01\",\"quantity\":2,\"note\":\"ignored\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Flyway.configure()
            .dataSource(url, "postgres", "secret")
            .locations("classpath:demo/db/migration")
            .load()
            .migrate();
        HttpResponse<String> afterExpand =
            post(old, "/api/orders", "{\"sku\":\"MUG-01\",\"quantity\":1}");
        assertThat(afterExpand.statusCode())
            .as("1.0.0 on the V2 schema: %s", afterExpand.body())
            .isEqualTo(201);
        assertThat(post(old, "/api/orders", "{\"sku\":\"NOPE\",\"quantity\":1}").statusCode())
            .isEqualTo(404);
      }
      try (DemoApp next = DemoApp.start(config("2.0.0", url, "postgres", "secret"))) {
        HttpResponse<String> created =
            post(next, "/api/orders", "{\"sku\":\"TEA-02\",\"quantity\":1,\"note\":\"gift wrap\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"note\":\"gift wrap\"");
      }
      try (Connection c = pg.connect("postgres");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT sku, quantity, note FROM orders ORDER BY id")) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) rows.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3));
        assertThat(rows).containsExactly("TEA-01 2 null", "MUG-01 1 null", "TEA-02 1 gift wrap");
      }
    }
  }

  @Test
  void readsItsSettingsFromArgumentsAndEnvironmentButThePasswordOnlyFromTheEnvironment() {
    DemoConfig c =
        DemoConfig.parse(
            new String[] {
              "--port",
              "8081",
              "--color",
              "blue",
              "--version",
              "3.0.0",
              "--db-password-env",
              "SHOP_PW",
              "--faulty-versions",
              "3.0.0"
            },
            Map.of(
                "DEMO_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/shop",
                "SHOP_PW",
                "s3cret",
                "DEMO_FAULTY_VERSIONS",
                "4.0.0"));
    assertThat(c.port()).isEqualTo(8081);
    assertThat(c.dbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/shop");
    assertThat(c.dbPassword()).isEqualTo("s3cret");
    assertThat(c.faultyVersions()).containsExactlyInAnyOrder("3.0.0", "4.0.0");
    assertThat(c.faulty()).isTrue();
    assertThat(c.toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> DemoConfig.parse(new String[] {"--color", "blue"}, Map.of()))
        .hasMessageContaining("--port is required");
  }

  private HttpResponse<String> deploy(DemoApp app, String version, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + DemoApp.DEPLOY_PATH + version))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static DemoConfig withToken(String version, String token) {
    return new DemoConfig(
        0, "green", version, null, null, null, Set.of("3.0.0"), 2, 100, "127.0.0.1", token);
  }

  @Test
  void deploysOverHttpAreOffWithoutAToken() throws Exception {
    try (DemoApp app = DemoApp.start(config("1.0.0", null, null, null))) {
      HttpResponse<String> r = deploy(app, "2.0.0", "anything");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("DEMO_DEPLOY_TOKEN");
      assertThat(get(app, "/health").body()).contains("\"version\":\"1.0.0\"");
    }
  }

  @Test
  void aDeployWithTheTokenSwitchesTheVersionTheAppRuns() throws Exception {
    try (DemoApp app = DemoApp.start(withToken("1.0.0", "t0ken"))) {
      assertThat(deploy(app, "2.0.0", null).statusCode()).isEqualTo(401);
      assertThat(deploy(app, "2.0.0", "wrong").statusCode()).isEqualTo(401);
      assertThat(deploy(app, "2.0.0;rm", "t0ken").statusCode()).isEqualTo(400);
      assertThat(get(app, "/health").body()).contains("\"version\":\"1.0.0\"");

      HttpResponse<String> ok = deploy(app, "2.0.0", "t0ken");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"version\":\"2.0.0\"").contains("\"previous\":\"1.0.0\"");
      assertThat(get(app, "/health").body()).contains("\"version\":\"2.0.0\"");
      assertThat(get(app, "/").body()).contains("shop 2.0.0");

      // a faulty version deployed this way fails under traffic like one started as faulty
      assertThat(deploy(app, "3.0.0", "t0ken").statusCode()).isEqualTo(200);
      assertThat(get(app, "/").statusCode()).isEqualTo(200);
      assertThat(get(app, "/").statusCode()).isEqualTo(200);
      assertThat(get(app, "/").statusCode()).isEqualTo(500);
      assertThat(get(app, "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void bindAddressAndTokenComeFromTheEnvironment() {
    DemoConfig c =
        DemoConfig.parse(
            new String[] {"--port", "8080"},
            Map.of(
                "DEMO_COLOR", "blue",
                "DEMO_VERSION", "1.0.0",
                "DEMO_BIND", "0.0.0.0",
                "DEMO_DEPLOY_TOKEN", "s3cret-token"));
    assertThat(c.bind()).isEqualTo("0.0.0.0");
    assertThat(c.deployToken()).isEqualTo("s3cret-token");
    assertThat(c.toString()).doesNotContain("s3cret-token");
    DemoConfig loopback =
        DemoConfig.parse(
            new String[] {"--port", "8080", "--color", "blue", "--version", "1"}, Map.of());
    assertThat(loopback.bind()).isEqualTo("127.0.0.1");
    assertThat(loopback.deployToken()).isNull();
  }

  @Test
  void comparesVersionsNumerically() {
    assertThat(DemoApp.atLeast("2.0.0", "2.0.0")).isTrue();
    assertThat(DemoApp.atLeast("2.10.0", "2.9.1")).isTrue();
    assertThat(DemoApp.atLeast("1.9.9", "2.0.0")).isFalse();
    assertThat(DemoApp.atLeast("10.0", "2.0.0")).isTrue();
  }
}
