package dev.greenlight.workflows;

import static dev.greenlight.api.model.Color.BLUE;
import static dev.greenlight.api.model.Color.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The final state and sentence of every row of README's "What a release does when things go wrong",
 * without Temporal. The sentences are what operators, scripts and the end-to-end tests read: a
 * change here is a change users see.
 */
class OutcomeTest {
  private static final List<AppliedMigration> NONE = List.of();
  private static final List<AppliedMigration> V2 =
      List.of(new AppliedMigration("2", "add order note", "V2__add_order_note.sql", 12345));
  private static final String BREACH =
      "monitor breach at 100% on green: error rate 40.0% above the rollback threshold 5.0%";

  /** Blue was live, green is the new color. */
  private static Outcome.Ending ending(
      String why, Stop stop, boolean switched, String rollbackFailure) {
    return new Outcome.Ending(why, stop, null, BLUE, GREEN, switched, rollbackFailure, NONE);
  }

  @Test
  void everythingPassesAndTheWindowIsClean() {
    Outcome o =
        Outcome.succeeded(
            "shop",
            "2.0.0",
            GREEN,
            List.of(
                new Approval("alice", "2026-11-26T10:00:00Z", "ship it", "cli"),
                new Approval("bob", "2026-11-26T10:01:00Z", null, "signal")),
            new MonitorStats(90, 0.004, 35, 0, 0, 40, null),
            Duration.ofMinutes(15));

    assertThat(o.state()).isEqualTo(ReleaseState.SUCCEEDED);
    assertThat(o.sentence())
        .isEqualTo(
            "shop 2.0.0 is live on green: approved by alice, bob; 90 monitor samples over 15m"
                + " within thresholds (error rate 0.4%, p95 35ms).");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"deploy", "health", "migrate", "smoke"})
  void aStepBeforeTheSwitchFailsAndTrafficNeverMoves(String step) {
    Outcome o = Outcome.ended(ending(step + " failed: it broke", null, false, null));

    assertThat(o.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(o.sentence())
        .isEqualTo(
            Character.toUpperCase(step.charAt(0))
                + step.substring(1)
                + " failed: it broke; traffic stays on blue.");
  }

  @Test
  void aFailureMessageEndingInAPeriodIsNotFollowedByASecondOne() {
    // FailureText.why drops the period, so the outcome's own clause follows
    assertThat(FailureText.why(new StepFailure("smoke", "smoke on green failed.")))
        .isEqualTo("smoke on green failed");
  }

  @Test
  void rejectBeforeTheSwitch() {
    Stop reject = new Stop("reject", "alice", "not during the sale", Stage.AWAITING_APPROVAL);
    Outcome o = Outcome.ended(ending("rejected", reject, false, null));

    assertThat(o.state()).isEqualTo(ReleaseState.REJECTED);
    assertThat(o.sentence())
        .isEqualTo(
            "Rejected by alice: not during the sale; nothing was switched, traffic stays on blue.");
  }

  @Test
  void noApprovalWithinTheTimeout() {
    Outcome o =
        Outcome.ended(
            new Outcome.Ending(
                "no approval within 24h (0 of 1 approvals)",
                null,
                ReleaseState.TIMED_OUT,
                BLUE,
                GREEN,
                false,
                null,
                NONE));

    assertThat(o.state()).isEqualTo(ReleaseState.TIMED_OUT);
    assertThat(o.sentence())
        .isEqualTo(
            "No approval within 24h (0 of 1 approvals); nothing was switched, traffic stays on"
                + " blue.");
  }

  @Test
  void abortBeforeTheSwitch() {
    Stop abort = new Stop("abort", "bob", "customers complain", Stage.SMOKE_TESTING);
    Outcome o = Outcome.ended(ending("canceled", abort, false, null));

    assertThat(o.state()).isEqualTo(ReleaseState.ABORTED);
    assertThat(o.sentence())
        .isEqualTo(
            "Aborted by bob during SMOKE_TESTING: customers complain; traffic stays on blue.");
  }

  @Test
  void theSwitchOrItsVerificationFailsAndTrafficGoesBack() {
    String why =
        "switch failed: switching 100% of traffic to green failed: the router refused (exit 1)";
    Outcome o = Outcome.ended(ending(why, null, true, null));

    assertThat(o.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(o.sentence())
        .isEqualTo(
            "Rolled back: switch failed: switching 100% of traffic to green failed: the router"
                + " refused (exit 1); traffic is back on blue.");
  }

  @Test
  void theMonitorCrossesARollbackThreshold() {
    Outcome o = Outcome.ended(ending(BREACH, null, true, null));

    assertThat(o.state()).isEqualTo(ReleaseState.ROLLED_BACK);
    assertThat(o.sentence())
        .isEqualTo(
            "Rolled back: monitor breach at 100% on green: error rate 40.0% above the rollback"
                + " threshold 5.0%; traffic is back on blue.");
  }

  @Test
  void abortAfterTheSwitch() {
    Stop abort = new Stop("abort", "bob", "customers complain", Stage.MONITORING);
    Outcome o = Outcome.ended(ending("canceled", abort, true, null));

    assertThat(o.state()).isEqualTo(ReleaseState.ABORTED);
    assertThat(o.sentence())
        .isEqualTo(
            "Aborted by bob during MONITORING: customers complain; traffic is back on blue.");
  }

  @Test
  void theRollbackItselfFailsAndTheOperatorIsToldToCheckTheRouter() {
    Outcome o =
        Outcome.ended(ending(BREACH, null, true, "switching 100% of traffic to blue failed"));

    assertThat(o.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(o.sentence())
        .isEqualTo(
            "Monitor breach at 100% on green: error rate 40.0% above the rollback threshold 5.0%;"
                + " the rollback to blue FAILED (switching 100% of traffic to blue failed): check"
                + " the router by hand, traffic may still be on green.");
  }

  @Test
  void anAbortWhoseRollbackFailsIsAFailureToo() {
    Stop abort = new Stop("abort", "bob", "customers complain", Stage.MONITORING);
    Outcome o = Outcome.ended(ending("aborted by bob", abort, true, "router unreachable"));

    assertThat(o.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(o.sentence()).contains("FAILED (router unreachable): check the router by hand");
  }

  @Test
  void aReleaseThatEndsBeforeItKnowsTheLiveColorChangedNothing() {
    Outcome o =
        Outcome.ended(
            new Outcome.Ending(
                "cannot tell which color is live: active.sh exited 1",
                null,
                null,
                null,
                null,
                false,
                null,
                NONE));

    assertThat(o.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(o.sentence())
        .isEqualTo(
            "The release could not start: cannot tell which color is live: active.sh exited 1;"
                + " nothing was changed.");
  }

  @Test
  void migrationsAreNeverUndoneAndEveryEndingThatIsNotASuccessNamesThem() {
    String why = "migrate failed: migration V3__orders.sql failed at line 1 and was rolled back";
    List<AppliedMigration> applied =
        List.of(V2.get(0), new AppliedMigration(null, "views", "R__views.sql", 777)); // repeatable
    Outcome failed =
        Outcome.ended(new Outcome.Ending(why, null, null, BLUE, GREEN, false, null, applied));
    Outcome rollbackFailed =
        Outcome.ended(new Outcome.Ending(BREACH, null, null, BLUE, GREEN, true, "x", V2));
    Stop reject = new Stop("reject", "alice", "not now", Stage.AWAITING_APPROVAL);
    Outcome rejected =
        Outcome.ended(new Outcome.Ending("rejected", reject, null, BLUE, GREEN, false, null, V2));

    assertThat(failed.sentence())
        .isEqualTo(
            "Migrate failed: migration V3__orders.sql failed at line 1 and was rolled back;"
                + " traffic stays on blue. Migrations V2, R__views.sql stay applied (backward"
                + " compatible by rule).");
    assertThat(rollbackFailed.sentence())
        .endsWith(
            "traffic may still be on green. Migrations V2 stay applied (backward compatible by"
                + " rule).");
    assertThat(rejected.sentence())
        .isEqualTo(
            "Rejected by alice: not now; nothing was switched, traffic stays on blue. Migrations"
                + " V2 stay applied (backward compatible by rule).");
  }
}
