package dev.greenlight.client.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelinePrinterTest {
  private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

  private static String at(int seconds) {
    return T.plusSeconds(seconds).toString();
  }

  private static ReleaseStatus status(
      Stage stage, int traffic, String live, List<Approval> approvals, StepRecord... steps) {
    return new ReleaseStatus(
        "shop-2.0.0-abcd",
        "shop",
        "2.0.0",
        ReleaseState.RUNNING,
        stage,
        live,
        "green",
        "carol",
        approvals,
        List.of(steps),
        new MonitorStats(2, 0.0, 12, 0, 0, 10, null),
        null,
        traffic,
        List.of(),
        List.of(),
        at(0),
        null,
        0);
  }

  private static final StepRecord DEPLOY =
      new StepRecord("deploy", "SUCCEEDED", at(1), at(3), "deployed");
  private static final StepRecord APPROVAL_RUNNING =
      new StepRecord("approval", "RUNNING", at(3), null, "0 of 1");
  private static final StepRecord APPROVAL_DONE =
      new StepRecord("approval", "SUCCEEDED", at(3), at(20), "1 of 1: alice");
  private static final StepRecord SWITCH =
      new StepRecord("switch", "SUCCEEDED", at(20), at(22), "100% on green");
  private static final StepRecord MONITOR = new StepRecord("monitor", "RUNNING", at(22), null, "");

  private static String print(boolean terminal, Instant now, ReleaseStatus... statuses) {
    StringWriter text = new StringWriter();
    TimelinePrinter p =
        new TimelinePrinter(
                new PrintWriter(text),
                terminal,
                i -> "+" + Duration.between(T, i).toSeconds() + "s ",
                s -> s,
                Clock.fixed(now, ZoneOffset.UTC))
            .windows(new MonitorWindows(Duration.ofSeconds(30), null, Duration.ofSeconds(5)));
    for (ReleaseStatus s : statuses) p.show(s);
    p.finish();
    return text.toString();
  }

  @Test
  void whatOnePollRevealsComesInTheOrderItHappenedAtTheRecordedTimes() {
    Approval alice = new Approval("alice", at(20), "ok", "cli");
    String out =
        print(
            false,
            T.plusSeconds(90), // noticed much later: the stamps still say when it happened
            status(Stage.AWAITING_APPROVAL, 0, "blue", List.of(), DEPLOY, APPROVAL_RUNNING),
            status(
                Stage.MONITORING,
                100,
                "green",
                List.of(alice),
                DEPLOY,
                APPROVAL_DONE,
                SWITCH,
                MONITOR));

    List<String> lines = out.lines().filter(l -> l.startsWith("+")).toList();
    assertThat(lines)
        .containsSubsequence(
            "+0s shop 2.0.0 (shop-2.0.0-abcd), started by carol",
            "+1s live blue, target green",
            "+1s stage DEPLOYING: deploy started",
            "+3s deploy SUCCEEDED: deployed",
            "+3s stage AWAITING_APPROVAL: approval started",
            "+20s approved by alice: ok",
            "+20s approval SUCCEEDED: 1 of 1: alice",
            "+20s stage SWITCHING: switch started",
            "+22s traffic: 100% on green",
            "+22s live is now green",
            "+22s switch SUCCEEDED: 100% on green",
            "+22s stage MONITORING: monitor started");
  }

  @Test
  void onATerminalTheMonitorWindowIsABarRedrawnInPlace() {
    String out =
        print(
            true,
            T.plusSeconds(32), // 10 of 30 seconds passed
            status(Stage.MONITORING, 100, "green", List.of(), DEPLOY, SWITCH, MONITOR));

    assertThat(out)
        .contains(
            "\r\033[Kmonitor [##########....................] 20s left of 30s, 2/6 samples,"
                + " error rate 0.0%, p95 12ms")
        .endsWith("\r\033[K");
  }

  @Test
  void elsewhereProgressIsAPlainLineWithoutAStamp() {
    String out =
        print(
            false,
            T.plusSeconds(32),
            status(Stage.MONITORING, 100, "green", List.of(), DEPLOY, SWITCH, MONITOR));

    assertThat(out).doesNotContain("\r").doesNotContain("\033");
    assertThat(out.lines())
        .contains("     monitor: 20s left of 30s, 2/6 samples, error rate 0.0%, p95 12ms");
  }
}
