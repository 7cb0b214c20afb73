package dev.greenlight.activities.monitor;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.greenlight.activities.monitor.probe.ProbeSource;
import dev.greenlight.activities.monitor.scripted.ScriptedSource;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric-source seam: a source registered in {@code META-INF/services} (here the test-only
 * {@link ScriptedSource}, in src/test/resources) is accepted by the validator and picked by {@code
 * monitor.source}, with nothing else changed.
 */
class MetricSourcesTest {
  @TempDir Path dir;
  private TestActivityEnvironment env;

  @AfterEach
  void tearDown() {
    if (env != null) env.close();
    ScriptedSource.VERDICTS.clear();
  }

  @Test
  void aRegisteredSourceIsPickedByItsName() {
    ScriptedSource.VERDICTS.addAll(List.of("OK", "ALERT", "ROLLBACK", "OK"));
    MonitorActivities monitor = monitor(new MonitorActivitiesImpl());
    ReleaseContext ctx = scripted();

    assertThat(monitor.baseline(ctx)).isEqualTo(ScriptedSource.BASELINE_MS);
    MonitorReport report = monitor.watch(ctx, Duration.ofSeconds(10), ScriptedSource.BASELINE_MS);

    assertThat(report.samples())
        .extracting(s -> s.verdict())
        .containsExactly("OK", "ALERT", "ROLLBACK");
    assertThat(report.breached()).isTrue();
    assertThat(report.reason()).isEqualTo("scripted ROLLBACK");
  }

  @Test
  void theValidatorListsEveryRegisteredSource() {
    assertThatThrownBy(() -> SpecBuilder.in(dir).with("monitor", "{source: datadog}").context())
        .hasMessageContaining(
            "monitor.source: unknown source 'datadog' (expected one of: probe, prometheus,"
                + " scripted)");
  }

  @Test
  void aWorkerWithoutTheSourceRefusesWithoutRetrying() {
    MonitorActivities monitor =
        monitor(new MonitorActivitiesImpl(MetricSources.of(List.of(new ProbeSource()))));

    ApplicationFailure f = applicationFailure(catchThrowable(() -> monitor.baseline(scripted())));

    assertThat(f.getType()).isEqualTo("UnsupportedSource");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("monitor.source 'scripted' is not supported by this worker (it has: probe)");
  }

  private ReleaseContext scripted() {
    return SpecBuilder.in(dir).with("monitor", "{source: scripted, interval: 100ms}").context();
  }

  private MonitorActivities monitor(MonitorActivitiesImpl impl) {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(impl);
    return env.newActivityStub(
        MonitorActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setHeartbeatTimeout(Duration.ofSeconds(5))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }
}
