package dev.greenlight.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reports built from the golden histories alone, no cluster. */
class AuditReportTest {
  private static final Path GOLDEN = Path.of("../workflows/src/test/resources/golden");

  private static ReleaseHistory load(String name) throws Exception {
    return ReleaseHistory.of(
        WorkflowExecutionHistory.fromJson(Files.readString(GOLDEN.resolve(name))));
  }

  @Test
  void aRolledBackReleaseHasItsWholeStoryAndAnIncidentSection() throws Exception {
    String md = new AuditReport(load("rolled-back.json")).markdown();
    assertThat(md)
        .contains("# Release shop-2.0.0-rolled-back")
        .contains("| version | 2.0.0 |")
        .contains("| final state | ROLLED_BACK |")
        .contains("| 2 | V2__add_order_note.sql | 12345 |")
        .contains("| approve | bob | signal |")
        .contains("## Incident")
        .contains("- trigger: monitor sample at")
        .contains("error rate 40.0% above the rollback threshold 5.0%")
        .contains("- time to rollback:");
    assertThat(md.lines().filter(l -> l.contains("| ROLLBACK"))).hasSize(1);
    assertThat(md.lines().filter(l -> l.contains("| OK |"))).hasSize(11);
  }

  @Test
  void aRejectedReleaseShowsWhoRejectedAndTheRefusedSelfApproval() throws Exception {
    String md = new AuditReport(load("rejected.json")).markdown();
    assertThat(md)
        .contains("| final state | REJECTED |")
        .contains("| reject | alice | update (CLI) |")
        .contains("not during the sale")
        .contains("approve by carol: carol started this release and cannot approve or reject it")
        .contains("Traffic was never switched.")
        .doesNotContain("## Incident");
  }

  @Test
  void theHtmlReportDrawsTheMonitorSamples() throws Exception {
    String html = new AuditReport(load("succeeded.json")).html();
    assertThat(html)
        .startsWith("<!doctype html>")
        .contains("<svg class=\"monitor-chart\"")
        .contains("<h2>Outcome</h2>")
        .contains("shop 2.0.0 is live on green");
    String points = html.substring(html.indexOf("points=\"") + 8);
    assertThat(points.substring(0, points.indexOf('"')).trim().split(" ")).hasSize(90);
  }

  @Test
  void aSignedApprovalIsVerifiedAgainFromTheHistoryWithItsKeyTypeAndFingerprint() throws Exception {
    ReleaseHistory h = load("approve-signed.json");
    String fingerprint = h.result.approvals().get(0).fingerprint();
    assertThat(fingerprint).matches("SHA256:[A-Za-z0-9+/]{43}");
    String md = new AuditReport(h).markdown();
    assertThat(md)
        .contains("## Signed approvals")
        .contains("| alice | ssh-ed25519 | " + fingerprint + " |")
        .contains("| alice | ssh-ed25519 | " + fingerprint + " | signature verified |")
        .contains("| bob | ecdsa-sha2-nistp256 | SHA256:");
    assertThat(new AuditReport(load("succeeded.json")).markdown())
        .doesNotContain("## Signed approvals");
  }
}
