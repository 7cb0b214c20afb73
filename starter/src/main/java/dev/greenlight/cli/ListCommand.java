package dev.greenlight.cli;

import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.archive.ArchiveException;
import dev.greenlight.client.archive.ReleaseArchive;
import dev.greenlight.client.cli.ArchiveOptions;
import dev.greenlight.client.cli.ConnectionOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code greenlight list [--all] [--json]}: running releases, or all of them (with the archive's).
 */
@Command(
    name = "list",
    description = {
      "Running releases, newest first; --all: ended ones too.",
      "With --all and --archive-url, releases Temporal no longer has are read from the archive."
    })
final class ListCommand extends OperatorCommand {
  @Option(names = "--all", description = "Include ended releases (after the running ones).")
  boolean all;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "" + ReleaseClient.DEFAULT_CLOSED_LIMIT,
      description =
          "With --all: at most N ended releases, newest first (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print a JSON array of status objects.")
  boolean json;

  @Mixin ConnectionOptions connection;

  @Mixin ArchiveOptions archive;

  @Override
  protected int run() throws Exception {
    if (limit < 0) throw usage("--limit: must be 0 or more");
    ReleaseArchive archived = all && archive.configured() ? archive.open() : null;
    try (TemporalConnection temporal = connection.open()) {
      List<ReleaseStatus> releases = new ReleaseClient(temporal).list(all, limit);
      if (archived != null) {
        try {
          releases = withArchived(releases, archived.latest(limit), limit);
        } catch (ArchiveException | IllegalStateException e) {
          // the archive is a supplement: Temporal's answer still stands
          err().println("warning: " + e.getMessage() + "; listing what Temporal has only");
        }
      }
      if (json) {
        JsonOutput.print(out(), releases);
      } else if (releases.isEmpty()) {
        out().println(all ? "no releases" : "no running releases (--all shows ended ones too)");
      } else {
        StatusView.table(out(), releases); // TerminalText keeps each row on one line
      }
      return ExitCodes.OK;
    }
  }

  /**
   * Temporal's list plus the archived releases it no longer has (Temporal's copy wins): running
   * ones first, then at most {@code limit} ended ones, newest first.
   */
  static List<ReleaseStatus> withArchived(
      List<ReleaseStatus> fromTemporal, List<ReleaseStatus> archived, int limit) {
    List<ReleaseStatus> running = new ArrayList<>();
    List<ReleaseStatus> ended = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (ReleaseStatus s : fromTemporal) {
      ids.add(s.id());
      (s.state() != null && s.state().finished() ? ended : running).add(s);
    }
    for (ReleaseStatus s : archived) {
      if (ids.add(s.id())) ended.add(s);
    }
    ended.sort(
        Comparator.comparing(
            (ReleaseStatus s) -> s.startedAt() == null ? null : Instant.parse(s.startedAt()),
            Comparator.nullsLast(Comparator.reverseOrder())));
    List<ReleaseStatus> out = new ArrayList<>(running);
    out.addAll(ended.subList(0, Math.min(limit, ended.size())));
    return out;
  }
}
