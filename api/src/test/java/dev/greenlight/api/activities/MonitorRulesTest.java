package dev.greenlight.api.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.activities.MonitorRules.Action;
import dev.greenlight.api.activities.MonitorRules.Judged;
import dev.greenlight.api.spec.MonitorSpec;
import dev.greenlight.api.spec.MonitorSpec.LatencyLimit;
import dev.greenlight.api.spec.MonitorSpec.LatencyThreshold;
import dev.greenlight.api.spec.MonitorSpec.RateThreshold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorRulesTest {

  private static MonitorSpec spec(int minRequests, int consecutive, String then) {
    return new MonitorSpec(
        Duration.ofMinutes(15),
        Duration.ofSeconds(10),
        "probe",
        "/",
        10,
        new RateThreshold(0.03, 0.05),
        new LatencyThreshold(new LatencyLimit(1000L, null), new LatencyLimit(null, 2.0)),
        minRequests,
        consecutive,
        new MonitorSpec.Inconclusive(2, then),
        null);
  }

  private static MonitorSample sample(String verdict) {
    return new MonitorSample("t", 100, 0, 10, verdict, verdict.equals("OK") ? null : "why");
  }

  private static List<Judged> run(MonitorSpec spec, String... verdicts) {
    List<Judged> out = new ArrayList<>();
    MonitorStreak streak = MonitorStreak.NONE;
    for (String v : verdicts) {
      Judged j = MonitorRules.apply(spec, streak, sample(v));
      out.add(j);
      streak = j.streak();
    }
    return out;
  }

  @Test
  void aRollbackThresholdCountsOnlyAfterConsecutiveBadSamplesInARow() {
    List<Judged> j = run(spec(0, 3, "pause"), "ROLLBACK", "ROLLBACK", "OK", "ROLLBACK");
    assertThat(j).extracting(Judged::action).containsOnly(Action.NONE);
    assertThat(j.get(1).sample().verdict()).isEqualTo("ALERT");
    assertThat(j.get(1).sample().reason()).isEqualTo("why (2 of 3 in a row for a rollback)");

    List<Judged> three = run(spec(0, 3, "pause"), "ROLLBACK", "ROLLBACK", "ROLLBACK");
    assertThat(three.get(2).action()).isEqualTo(Action.ROLLBACK);
    assertThat(three.get(2).reason()).isEqualTo("why (3 samples in a row)");
  }

  @Test
  void oneBadSampleRollsBackByDefault() {
    assertThat(run(spec(0, 1, "pause"), "ROLLBACK").get(0).action()).isEqualTo(Action.ROLLBACK);
  }

  @Test
  void inconclusiveSamplesInARowDoWhatTheSpecSays() {
    assertThat(run(spec(0, 1, "pause"), "INCONCLUSIVE", "INCONCLUSIVE"))
        .extracting(Judged::action)
        .containsExactly(Action.NONE, Action.PAUSE);
    assertThat(run(spec(0, 1, "rollback"), "INCONCLUSIVE", "OK", "INCONCLUSIVE"))
        .extracting(Judged::action)
        .containsOnly(Action.NONE);
    List<Judged> rollback = run(spec(0, 1, "rollback"), "INCONCLUSIVE", "INCONCLUSIVE");
    assertThat(rollback.get(1).action()).isEqualTo(Action.ROLLBACK);
    assertThat(rollback.get(1).reason()).isEqualTo("2 inconclusive samples in a row (last: why)");
    List<Judged> alert = run(spec(0, 1, "alert"), "INCONCLUSIVE", "INCONCLUSIVE");
    assertThat(alert.get(1).action()).isEqualTo(Action.NONE);
    assertThat(alert.get(1).sample().verdict()).isEqualTo("ALERT");
  }

  @Test
  void tooFewRequestsAreInconclusiveNotARollback() {
    MonitorSample bad = new MonitorSample("t", 5, 5, 3000, "ROLLBACK", "error rate 100%");
    MonitorSample judged = MonitorRules.enoughRequests(spec(20, 1, "pause"), bad);
    assertThat(judged.verdict()).isEqualTo("INCONCLUSIVE");
    assertThat(judged.reason())
        .startsWith("only 5 requests in the sample, fewer than minRequests 20");
    assertThat(MonitorRules.enoughRequests(spec(5, 1, "pause"), bad).verdict())
        .isEqualTo("ROLLBACK");
  }
}
