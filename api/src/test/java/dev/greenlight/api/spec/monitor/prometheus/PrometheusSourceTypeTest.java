package dev.greenlight.api.spec.monitor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.greenlight.api.spec.MonitorSpec;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecException;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.api.spec.monitor.prometheus.PrometheusSettings.Check;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PrometheusSourceTypeTest {
  private static final String BASE =
      """
      app: shop
      environments:
        blue: {url: "http://127.0.0.1:8081", deploy: "true"}
        green: {url: "http://127.0.0.1:8082", deploy: "true"}
      health: {path: /health, versionField: version}
      router: {type: command, url: "http://127.0.0.1:8080",
               command: {switch: ["true"], active: ["echo", "blue"]}}
      """;

  private static ReleaseSpec load(String monitor) throws SpecException {
    return SpecLoader.parse(BASE + monitor, Path.of("/tmp/greenlight.yaml"));
  }

  private static java.util.List<String> problems(String monitor) {
    return catchThrowableOfType(SpecException.class, () -> load(monitor)).problems();
  }

  @Test
  void readsTheSourceChecksAndRulesAndKeepsThemThroughHistoryJson() throws Exception {
    ReleaseSpec spec =
        load(
            """
            monitor:
              source: prometheus
              interval: 10s
              prometheus: {url: "http://127.0.0.1:9090/", tokenEnv: PROM_TOKEN}
              checks:
                - name: error-rate
                  query: 'sum(rate(x{app="${APP}",color="${COLOR}"}[${WINDOW}]))'
                  alert: 0.01
                  rollback: 0.02
                  compare: live
                - {name: users, query: 'sum(y{v="${VERSION}"})', alert: 0.8x, direction: below}
              minRequests: 20
              consecutive: 2
              inconclusive: {after: 4, then: rollback}
            """);
    MonitorSpec m = spec.monitor();
    assertThat(m.minRequests()).isEqualTo(20);
    assertThat(m.consecutive()).isEqualTo(2);
    assertThat(m.inconclusiveRule()).isEqualTo(new MonitorSpec.Inconclusive(4, "rollback"));
    PrometheusSettings s = m.settings(PrometheusSettings.class);
    assertThat(s.url()).isEqualTo("http://127.0.0.1:9090");
    assertThat(s.tokenEnv()).isEqualTo("PROM_TOKEN");
    assertThat(s.checks()).extracting(Check::name).containsExactly("error-rate", "users");
    assertThat(s.checks().get(0).comparesLive()).isTrue();
    assertThat(s.checks().get(1).alert().factor()).isEqualTo(0.8);
    assertThat(s.checks().get(1).below()).isTrue();

    // as the workflow's input carries it
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    MonitorSpec back = json.readValue(json.writeValueAsString(m), MonitorSpec.class);
    assertThat(back.settings(PrometheusSettings.class)).isEqualTo(s);
  }

  @Test
  void withoutChecksTheRunbooksDefaultsJudgeOnTheRenamedColorLabel() throws Exception {
    PrometheusSettings s =
        load("""
        monitor:
          source: prometheus
          prometheus: {url: "http://127.0.0.1:9090", colorLabel: deployment_color}
        """)
            .monitor()
            .settings(PrometheusSettings.class);
    assertThat(s.checks())
        .extracting(Check::name)
        .containsExactly("error-rate", "p95-latency", "active-users", "db-errors");
    assertThat(s.checks().get(0).query()).contains("deployment_color=\"${COLOR}\"");
    assertThat(s.checks().get(1).query()).contains("http_server_requests_seconds_bucket");
    assertThat(s.requestsQuery()).contains("deployment_color=\"${COLOR}\"");
  }

  @Test
  void everyNewFieldIsCheckedWithItsFieldPath() {
    assertThat(
            problems(
                """
                monitor:
                  source: prometheus
                  prometheus: {url: "localhost:9090", tokenEnv: "my token", userEnv: U, colr: x}
                  checks:
                    - name: error-rate
                      query: 'sum(rate(x{color="${COLOUR}"}[${WINDOW}]))'
                      alert: 0.05
                      rollback: 0.01
                      direction: sideways
                      compare: previous
                    - {name: p95, query: 'q', rollback: lots}
                    - {query: 'q', alert: 1}
                    - name: quiet
                      query: 'q'
                  minRequests: -1
                  consecutive: 0
                  inconclusive: {after: 0, then: panic}
                """))
        .containsExactlyInAnyOrder(
            "monitor.prometheus.url: 'localhost:9090' is not an http(s) URL with a host",
            "monitor.prometheus.tokenEnv: 'my token' is not an environment variable name (e.g."
                + " PROM_TOKEN)",
            "monitor.prometheus.passwordEnv: is required with the other",
            "monitor.prometheus.colr: unknown field (expected one of: url, tokenEnv, userEnv,"
                + " passwordEnv, colorLabel, timeout, requestsQuery)",
            "monitor.checks[0].query: unknown placeholder ${COLOUR} (expected ${APP}, ${COLOR},"
                + " ${VERSION} or ${WINDOW})",
            "monitor.checks[0].direction: 'sideways' is not one of: above, below",
            "monitor.checks[0].compare: 'previous' is not one of: live",
            "monitor.checks[0].alert: 0.05 is beyond the rollback threshold 0.01 (direction"
                + " above)",
            "monitor.checks[1].rollback: 'lots' is neither a number (0.05) nor a factor of the"
                + " baseline (2.0x)",
            "monitor.checks[2].name: is required (e.g. error-rate)",
            "monitor.checks[3].rollback: set alert, rollback or both",
            "monitor.minRequests: -1 is outside 0..1000000000",
            "monitor.consecutive: 0 is outside 1..1000",
            "monitor.inconclusive.after: 0 is outside 1..1000",
            "monitor.inconclusive.then: 'panic' is not one of: alert, rollback, pause");
  }

  @Test
  void checksBelongToThePrometheusSourceAndTheProbeCannotPromiseMoreRequestsThanItSends() {
    assertThat(
            problems(
                """
                monitor:
                  requestsPerSample: 10
                  minRequests: 20
                  checks: [{name: a, query: q, alert: 1}]
                """))
        .containsExactlyInAnyOrder(
            "monitor.minRequests: 20 is more than the probe sends per sample (requestsPerSample"
                + " 10)",
            "monitor.checks: only the prometheus source has checks (set source: prometheus)");
    assertThat(problems("monitor: {source: prometheus}\n"))
        .containsExactly("monitor.prometheus: is required");
  }
}
