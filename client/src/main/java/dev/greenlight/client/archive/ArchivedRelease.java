package dev.greenlight.client.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.audit.AuditReport;
import dev.greenlight.client.audit.ReleaseHistory;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Instant;

/**
 * One ended release as the archive keeps it: its final status, its whole workflow history and the
 * audit report of that history.
 *
 * @param id the release id (= workflow id)
 * @param runId the Temporal run of the history
 * @param state the final state, e.g. SUCCEEDED
 * @param statusJson the final status object, as {@code greenlight status --json} prints it
 * @param historyJson the history, exactly as {@code greenlight audit export} writes it
 * @param reportMarkdown {@code greenlight audit report} of that history
 * @param archivedAt when it was archived; null before it is stored
 */
public record ArchivedRelease(
    String id,
    String runId,
    String app,
    String version,
    String state,
    String outcome,
    Instant startedAt,
    Instant endedAt,
    String statusJson,
    String historyJson,
    String reportMarkdown,
    Instant archivedAt) {

  /** Reads statuses written by other Greenlight versions too: unknown fields are skipped. */
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The archive entry of an ended release, from its history and the status Greenlight shows for it.
   */
  public static ArchivedRelease of(
      String runId, WorkflowExecutionHistory history, ReleaseStatus status) {
    String statusJson;
    try {
      statusJson = JSON.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write the status of " + status.id() + " as JSON: " + e.getOriginalMessage(), e);
    }
    String report = new AuditReport(ReleaseHistory.of(history)).markdown();
    return new ArchivedRelease(
        status.id(),
        runId,
        status.app(),
        status.version(),
        status.state() == null ? "UNKNOWN" : status.state().name(),
        status.outcome(),
        instant(status.startedAt()),
        instant(status.endedAt()),
        statusJson,
        history.toJson(true),
        report,
        null);
  }

  /** The status object stored with the release. */
  public ReleaseStatus status() {
    return readStatus(id, statusJson);
  }

  static ReleaseStatus readStatus(String id, String statusJson) {
    try {
      return JSON.readValue(statusJson, ReleaseStatus.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the archived status of " + id + " is not readable: " + e.getOriginalMessage(), e);
    }
  }

  private static Instant instant(String iso) {
    return iso == null || iso.isBlank() ? null : Instant.parse(iso);
  }
}
