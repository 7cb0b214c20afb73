package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.model.Approval;
import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.Refusal;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.model.StepRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Whatever a release carries (a comment, a hook's output, a refused sender's name, an outcome),
 * status, list, watch and --json never hand a control character to the terminal.
 */
class TerminalOutputTest {
  /** Clear the screen, set the window title, ring the bell. */
  private static final String EVIL = "\u001b[2J\u001b]0;pwned\u0007";

  /**
   * The same in 8-bit form (C1 CSI), a DEL, a carriage return that rewrites the line, a bidi
   * override.
   */
  private static final String EVIL_TOO = "\u009b2J\u007f\rall good\u202egnp.exe";

  /** Any control character but line feed and tab, DEL, C1, and bidirectional overrides. */
  private static final Pattern UNSAFE =
      Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]");

  private static ReleaseStatus hostile(ReleaseState state, Stage stage, String outcome) {
    return new ReleaseStatus(
        "shop-2.0.0-abcd",
        "shop",
        "2.0.0" + EVIL,
        state,
        stage,
        "blue",
        "green",
        "carol" + EVIL,
        List.of(
            new Approval(
                "alice" + EVIL, "2026-11-26T10:00:00Z", "ok " + EVIL + "\n" + EVIL_TOO, "signal")),
        List.of(
            new StepRecord(
                "deploy",
                "SUCCEEDED",
                "2026-11-26T10:00:00Z",
                "2026-11-26T10:00:01Z",
                "hook said " + EVIL + "\r\nline two " + EVIL_TOO)),
        new MonitorStats(3, 0.0, 40, 0, 1, 35, "alert " + EVIL),
        outcome,
        0,
        List.of(new AppliedMigration("2", "note " + EVIL, "V2__note.sql", 1)),
        List.of(
            new Refusal(
                "approve",
                "mallory" + EVIL,
                "mallory" + EVIL_TOO + " is not an approver",
                "2026-11-26T10:00:02Z")),
        "2026-11-26T10:00:00Z",
        null,
        0);
  }

  private static String printed(Consumer<PrintWriter> printer) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      printer.accept(out);
    }
    return text.toString();
  }

  @Test
  void statusPrintsControlCharactersInertButVisible() {
    ReleaseStatus s = hostile(ReleaseState.FAILED, Stage.DONE, "Failed: " + EVIL + "\n" + EVIL_TOO);

    String out = printed(o -> StatusView.print(o, s));

    assertThat(UNSAFE.matcher(out).find()).as(out).isFalse();
    assertThat(out)
        .contains("^[[2J^[]0;pwned^G", "^[[2J^?^Mall good<U+202E>gnp.exe", "mallory^[[2J")
        .contains("      hook said ^[[2J^[]0;pwned^G\n      line two ");
  }

  @Test
  void listAndWatchPrintControlCharactersInertAndForgeNoLines() {
    ReleaseStatus running = hostile(ReleaseState.RUNNING, Stage.AWAITING_APPROVAL, null);
    ReleaseStatus ended = hostile(ReleaseState.FAILED, Stage.DONE, "Failed: " + EVIL);
    ReleaseStatus forged =
        new ReleaseStatus(
            "cart-1-abcd",
            "cart",
            "1.0\nshop-9-zzzz  shop  9  SUCCEEDED",
            ReleaseState.RUNNING,
            null,
            null,
            null,
            null,
            List.of(),
            List.of(),
            MonitorStats.empty(),
            null,
            0,
            List.of(),
            List.of(),
            null,
            null,
            0);

    String table = printed(o -> StatusView.table(o, List.of(running, forged)));
    String timeline =
        printed(
            o -> {
              Timeline t = new Timeline(o);
              t.show(
                  new ReleaseStatus(
                      "shop-2.0.0-abcd",
                      "shop",
                      "2.0.0",
                      ReleaseState.RUNNING,
                      Stage.DEPLOYING,
                      null,
                      null,
                      "carol",
                      List.of(),
                      List.of(),
                      MonitorStats.empty(),
                      null,
                      0,
                      List.of(),
                      List.of(),
                      null,
                      null,
                      0));
              t.show(running);
              t.show(ended);
            });

    assertThat(UNSAFE.matcher(table).find()).as(table).isFalse();
    assertThat(table.lines()).as("a header and one line per release").hasSize(3);
    assertThat(UNSAFE.matcher(timeline).find()).as(timeline).isFalse();
    assertThat(timeline)
        .contains(
            "approved by alice^[[2J^[]0;pwned^G",
            "refused approve signal from mallory^[[2J",
            "deploy SUCCEEDED: hook said ^[[2J^[]0;pwned^G",
            "ended FAILED: Failed: ^[[2J");
  }

  @Test
  void jsonEscapesEveryControlCharacterAndKeepsTheValue() throws Exception {
    ReleaseStatus s = hostile(ReleaseState.RUNNING, Stage.AWAITING_APPROVAL, null);

    String json = printed(o -> JsonOutput.print(o, s));

    assertThat(UNSAFE.matcher(json).find()).as(json).isFalse();
    JsonNode back = new ObjectMapper().readTree(json);
    assertThat(back.get("approvals").get(0).get("comment").asText())
        .isEqualTo("ok " + EVIL + "\n" + EVIL_TOO);
    assertThat(back.get("steps").get(0).get("detail").asText())
        .isEqualTo(s.steps().get(0).detail());
  }
}
