package dev.greenlight.api.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.spec.MonitorSpec;
import dev.greenlight.api.spec.MonitorSpec.LatencyLimit;
import dev.greenlight.api.spec.MonitorSpec.LatencyThreshold;
import dev.greenlight.api.spec.MonitorSpec.RateThreshold;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitorPolicyTest {
  // error rate: alert 3%, rollback 5%; p95: alert 1000ms, rollback 2x the baseline (400ms -> 800ms)
  private static final MonitorSpec SPEC =
      new MonitorSpec(
          Duration.ofMinutes(15),
          Duration.ofSeconds(10),
          "probe",
          "/",
          10,
          new RateThreshold(0.03, 0.05),
          new LatencyThreshold(new LatencyLimit(1000L, null), new LatencyLimit(null, 2.0)));

  private static MonitorSample judge(int errors, long p95Ms) {
    return MonitorPolicy.judge(SPEC, 400, "t", 100, errors, p95Ms);
  }

  @Test
  void aCleanSampleIsOk() {
    assertThat(judge(0, 100).verdict()).isEqualTo("OK");
    assertThat(judge(0, 100).reason()).isNull();
  }

  @Test
  void eachThresholdGivesItsVerdictAndSaysWhich() {
    assertThat(judge(4, 100))
        .extracting(MonitorSample::verdict, MonitorSample::reason)
        .containsExactly("ALERT", "error rate 4.0% above the alert threshold 3.0%");
    assertThat(judge(6, 100))
        .extracting(MonitorSample::verdict, MonitorSample::reason)
        .containsExactly("ROLLBACK", "error rate 6.0% above the rollback threshold 5.0%");
    assertThat(judge(0, 1001 - 300))
        .extracting(MonitorSample::verdict)
        .isEqualTo("OK"); // 701ms: under both limits
    assertThat(judge(0, 900))
        .extracting(MonitorSample::verdict, MonitorSample::reason)
        .containsExactly("ROLLBACK", "p95 900ms above the rollback threshold 800ms (2.0x)");
  }

  @Test
  void anAbsoluteP95LimitAlerts() {
    // baseline 600ms: the rollback line is 1200ms, the alert line 1000ms
    assertThat(MonitorPolicy.judge(SPEC, 600, "t", 100, 0, 1100))
        .extracting(MonitorSample::verdict, MonitorSample::reason)
        .containsExactly("ALERT", "p95 1100ms above the alert threshold 1000ms (1000ms)");
  }

  @Test
  void aRollbackThresholdWinsOverAnAlertOne() {
    // error rate only alerts, p95 crosses the rollback line: the sample rolls back
    assertThat(judge(4, 900).verdict()).isEqualTo("ROLLBACK");
  }
}
