package dev.greenlight.workflows.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
  @TempDir Path dir;

  private static final String GOOD = """
      app: shop
      environments:
        blue:
          url: http://127.0.0.1:8081/
          deploy: ["./deploy.sh", "blue", "${VERSION}"]
        green:
          url: http://127.0.0.1:8082
          deploy: ./deploy.sh green ${VERSION}
      health: {path: /health, timeout: 90s, versionField: version}
      router:
        type: command
        url: http://127.0.0.1:8080
        command: {switch: ["./switch.sh", "${COLOR}"], active: ["./active.sh"]}
      database: {url: "jdbc:postgresql://127.0.0.1:5432/shop", user: shop, passwordEnv: SHOP_DB_PASSWORD, migrations: db/migration}
      smoke:
        - {name: health, path: /health, expect: 200}
        - {name: catalogue, method: GET, path: /api/products, expect: 200, bodyContains: "sku"}
      approval: {approvers: [alice, bob], required: 2, timeout: 24h}
      monitor:
        window: 15m
        interval: 10s
        errorRate: {alert: 0.03, rollback: 0.05}
        p95: {alert: 1000ms, rollback: 2.0x}
      """;

  private Path write(String name, String text) throws Exception {
    Files.createDirectories(dir.resolve("db/migration"));
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsEveryFieldWithPathsResolvedAgainstTheSpecFile() throws Exception {
    ReleaseSpec spec = SpecLoader.load(write("greenlight.yaml", GOOD));
    assertThat(spec.app()).isEqualTo("shop");
    assertThat(spec.blue().url()).isEqualTo("http://127.0.0.1:8081");
    assertThat(spec.blue().deploy().argv()).containsExactly("./deploy.sh", "blue", "${VERSION}");
    assertThat(spec.green().deploy().shell()).isEqualTo("./deploy.sh green ${VERSION}");
    assertThat(spec.green().deploy().workDir()).isEqualTo(dir.toString());
    assertThat(spec.health().timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(spec.database().migrations()).isEqualTo(dir.resolve("db/migration").toString());
    assertThat(spec.smoke()).hasSize(2);
    assertThat(spec.smoke().get(1).bodyContains()).isEqualTo("sku");
    assertThat(spec.approval().required()).isEqualTo(2);
    assertThat(spec.monitor().window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(spec.monitor().p95().alert().millis()).isEqualTo(1000L);
    assertThat(spec.monitor().p95().rollback().factor()).isEqualTo(2.0);
    assertThat(spec.router().steps()).containsExactly(100);
    assertThat(spec.router().verifyResponses()).isEqualTo(20);
  }

  @Test
  void jsonIsAcceptedToo() throws Exception {
    String json = """
        {"app": "shop",
         "environments": {"blue": {"url": "http://127.0.0.1:8081", "deploy": "true"},
                          "green": {"url": "http://127.0.0.1:8082", "deploy": "true"}},
         "router": {"type": "command", "url": "http://127.0.0.1:8080",
                    "command": {"switch": "true", "active": "echo blue"}}}
        """;
    ReleaseSpec spec = SpecLoader.load(write("greenlight.json", json));
    assertThat(spec.health().path()).isEqualTo("/health");
    assertThat(spec.approval().approvers()).isEmpty();
    assertThat(spec.database()).isNull();
  }

  @Test
  void everyProblemIsListedWithItsFieldPath() throws Exception {
    String bad = GOOD
        .replace("type: command", "type: ngnix")
        .replace("url: http://127.0.0.1:8081/", "url: localhost:8081")
        .replace("timeout: 90s", "timeout: 90 seconds")
        .replace("path: /api/products", "path: api/products")
        .replace("rollback: 0.05", "rollback: 5")
        .replace("required: 2", "required: 3")
        .replace("interval: 10s", "interval: 10s\n  windw: 5m");
    assertThatThrownBy(() -> SpecLoader.load(write("bad.yaml", bad)))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "router.type: unknown type 'ngnix' (expected one of: " + String.join(", ", RouterTypes.SUPPORTED) + ")",
            "environments.blue.url: 'localhost:8081' is not an http(s) URL with a host",
            "health.timeout: '90 seconds' is not a duration (expected a number and a unit: 500ms, 10s, 15m, 24h)",
            "smoke[1].path: 'api/products' must start with /",
            "monitor.errorRate.rollback: '5' is not a share between 0 and 1 (e.g. 0.05 for 5%)",
            "approval.required: 3 approvals required but only 2 approvers listed",
            "monitor.windw: unknown field (expected one of: window, interval, source, path, requestsPerSample, errorRate, p95)"));
  }

  @Test
  void missingRequiredFieldsAreNamed() throws Exception {
    assertThatThrownBy(() -> SpecLoader.load(write("empty.yaml", "app: Shop!\n")))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problems()).contains(
            "app: 'Shop!' must be lower-case letters, digits and dashes, at most 40",
            "environments: is required",
            "router: is required"));
  }

  @Test
  void theCommandRouterCannotSplitTraffic() throws Exception {
    String progressive = GOOD.replace("command: {switch", "steps: [10, 50, 100]\n  command: {switch");
    assertThatThrownBy(() -> SpecLoader.load(write("p.yaml", progressive)))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problems())
            .contains("router.steps: router type command cannot split traffic; use [100] or a weighted router"));
  }

  @Test
  void notYamlAtAllIsOneClearProblem() throws Exception {
    assertThatThrownBy(() -> SpecLoader.load(write("x.yaml", "app: [unclosed")))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("spec: not valid YAML or JSON"));
    assertThatThrownBy(() -> SpecLoader.load(dir.resolve("missing.yaml")))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problems()).containsExactly(
            "spec: no such file: " + dir.resolve("missing.yaml")));
  }

  @Test
  void durationsReadAndPrintInSpecForm() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("is not a duration");
    assertThat(List.of("1s", "1m")).allSatisfy(s -> assertThat(Durations.parse(s)).isPositive());
  }
}
