package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.Refusal;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * watch keeps reporting refused signals after the status list is full (it keeps only the latest).
 */
class TimelineRefusalsTest {
  private static ReleaseStatus withRefusals(int from, int to, int count) {
    List<Refusal> refused = new ArrayList<>();
    for (int i = from; i <= to; i++)
      refused.add(new Refusal("approve", "mallory" + i, "not an approver", "2026-11-26T10:00:00Z"));
    return new ReleaseStatus(
        "shop-2.0.0-abcd",
        "shop",
        "2.0.0",
        ReleaseState.RUNNING,
        Stage.AWAITING_APPROVAL,
        "blue",
        "green",
        "carol",
        List.of(),
        List.of(),
        MonitorStats.empty(),
        null,
        0,
        List.of(),
        refused,
        null,
        null,
        count);
  }

  @Test
  void refusalsBeyondTheKeptOnesAreStillShownOnceEach() {
    StringWriter text = new StringWriter();
    Timeline timeline = new Timeline(new PrintWriter(text));

    timeline.show(withRefusals(1, 20, 20));
    timeline.show(withRefusals(3, 22, 22));
    timeline.show(withRefusals(3, 22, 22));

    List<String> refusals =
        text.toString().lines().filter(l -> l.contains("refused approve signal")).toList();
    assertThat(refusals).hasSize(22);
    assertThat(refusals.get(20)).endsWith("from mallory21: not an approver");
    assertThat(refusals.get(21)).endsWith("from mallory22: not an approver");
  }
}
