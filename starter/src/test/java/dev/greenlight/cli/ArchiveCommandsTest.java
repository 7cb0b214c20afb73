package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.model.MonitorStats;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import dev.greenlight.testkit.FreePort;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the archive options do before any database answers, and how {@code list --all} merges the
 * archive with Temporal. Reading a real archive is proven end to end in dist's ArchiveEndToEndTest.
 */
class ArchiveCommandsTest {
  @TempDir Path dir;

  @Test
  void reportNeedsExactlyOneSourceOfHistory() {
    CliRun neither = CliRun.of(null, "audit", "report");
    assertThat(neither.exit()).as(neither.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(neither.err()).contains("give a history FILE (from audit export), or --release ID");

    CliRun both =
        CliRun.of(
            null, "audit", "report", dir.resolve("h.json").toString(), "--release", "shop-1.0.0-x");
    assertThat(both.exit()).as(both.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("give a history FILE or --release ID, not both");
  }

  @Test
  void reportFromTheArchiveNeedsAUsableArchiveUrl() throws Exception {
    CliRun none = CliRun.of(null, "audit", "report", "--release", "shop-1.0.0-x");
    assertThat(none.exit()).as(none.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err())
        .contains("--archive-url: required to read the archive (or set GREENLIGHT_ARCHIVE_URL)");

    CliRun mysql =
        CliRun.of(
            null,
            "audit",
            "report",
            "--release",
            "shop-1.0.0-x",
            "--archive-url",
            "jdbc:mysql://db/greenlight?password=hunter2");
    assertThat(mysql.exit()).as(mysql.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(mysql.err())
        .contains("--archive-url: 'jdbc:mysql://db/greenlight' is not a jdbc:postgresql:// URL")
        .doesNotContain("hunter2");

    CliRun unset =
        CliRun.of(
            null,
            "audit",
            "report",
            "--release",
            "shop-1.0.0-x",
            "--archive-url",
            "jdbc:postgresql://127.0.0.1:1/greenlight",
            "--archive-password-env",
            "NOT_SET_ANYWHERE_4711");
    assertThat(unset.exit()).as(unset.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(unset.err())
        .contains("--archive-password-env: the env var NOT_SET_ANYWHERE_4711 is not set");

    int closed = FreePort.find();
    CliRun down =
        CliRun.of(
            null,
            "audit",
            "report",
            "--release",
            "shop-1.0.0-x",
            "--archive-url",
            "jdbc:postgresql://127.0.0.1:" + closed + "/greenlight");
    assertThat(down.exit()).as(down.toString()).isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(down.err())
        .startsWith(
            "error: cannot reach the archive at jdbc:postgresql://127.0.0.1:"
                + closed
                + "/greenlight");
  }

  @Test
  void anArchiveThatIsDownOnlyWarnsWhereTemporalAnswersAnyway() throws Exception {
    int closed = FreePort.find();
    // only this test needs Temporal: TestWorkflowExtension would start one for every test here
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      env.start();
      Connector connector =
          (address, namespace, queue) -> TemporalConnection.using(env.getWorkflowClient(), queue);
      String archive = "jdbc:postgresql://127.0.0.1:" + closed + "/greenlight";

      CliRun list = CliRun.of(connector, "list", "--all", "--archive-url", archive);
      assertThat(list.exit()).as(list.toString()).isEqualTo(ExitCodes.OK);
      assertThat(list.out()).contains("no releases");
      assertThat(list.err())
          .startsWith("warning: cannot reach the archive at " + archive)
          .contains("listing what Temporal has only");

      CliRun export =
          CliRun.of(
              connector,
              "audit",
              "export",
              "shop-1.0.0-gone",
              "-o",
              dir.resolve("h.json").toString(),
              "--archive-url",
              archive);
      assertThat(export.exit()).as(export.toString()).isEqualTo(ExitCodes.UNEXPECTED);
      assertThat(export.err()).startsWith("error: cannot reach the archive at " + archive);

      CliRun noArchive =
          CliRun.of(
              connector,
              "audit",
              "export",
              "shop-1.0.0-gone",
              "-o",
              dir.resolve("h.json").toString());
      assertThat(noArchive.exit()).as(noArchive.toString()).isEqualTo(ExitCodes.REFUSED);
      assertThat(noArchive.err())
          .contains("no such release: shop-1.0.0-gone")
          .contains("give --archive-url to read the archive");
    }
  }

  @Test
  void listAllKeepsTemporalsCopyAddsWhatOnlyTheArchiveHasAndSortsEndedOnesNewestFirst() {
    ReleaseStatus running =
        status("shop-3.0.0-r", ReleaseState.RUNNING, "2026-03-01T10:00:00Z", "from temporal");
    ReleaseStatus endedInTemporal =
        status("shop-2.0.0-t", ReleaseState.SUCCEEDED, "2026-02-01T10:00:00Z", "from temporal");
    ReleaseStatus sameInArchive =
        status("shop-2.0.0-t", ReleaseState.SUCCEEDED, "2026-02-01T10:00:00Z", "from the archive");
    ReleaseStatus older =
        status(
            "shop-1.0.0-a", ReleaseState.ROLLED_BACK, "2026-01-01T10:00:00Z", "from the archive");
    ReleaseStatus newerFraction =
        status("cart-1.0.0-b", ReleaseState.FAILED, "2026-02-01T10:00:00.500Z", "from the archive");

    List<ReleaseStatus> all =
        ListCommand.withArchived(
            List.of(running, endedInTemporal), List.of(sameInArchive, older, newerFraction), 10);
    assertThat(all)
        .extracting(ReleaseStatus::id)
        .containsExactly("shop-3.0.0-r", "cart-1.0.0-b", "shop-2.0.0-t", "shop-1.0.0-a");
    assertThat(all.get(2).outcome()).isEqualTo("from temporal");

    assertThat(
            ListCommand.withArchived(
                List.of(running, endedInTemporal), List.of(older, newerFraction), 2))
        .extracting(ReleaseStatus::id)
        .containsExactly("shop-3.0.0-r", "cart-1.0.0-b", "shop-2.0.0-t");
  }

  private static ReleaseStatus status(
      String id, ReleaseState state, String startedAt, String outcome) {
    return new ReleaseStatus(
        id,
        id.substring(0, id.indexOf('-')),
        "1.0.0",
        state,
        null,
        null,
        null,
        "carol",
        List.of(),
        List.of(),
        MonitorStats.empty(),
        outcome,
        0,
        List.of(),
        List.of(),
        startedAt,
        null,
        0);
  }
}
