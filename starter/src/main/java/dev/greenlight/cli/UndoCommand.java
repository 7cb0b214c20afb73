package dev.greenlight.cli;

import dev.greenlight.api.lifecycle.UndoWorkflow;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.client.AppOperations;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight undo APP --as NAME --reason TEXT}: all traffic back to the other color. */
@Command(
    name = "undo",
    description = {
      "Switches all traffic of APP back to the other color, which still runs the version before"
          + " the last release, and proves it through the public URL. A durable workflow of its"
          + " own (id APP-undo-xxxx).",
      "Prints the undo id, then follows it until it ends. Approval as for a release unless the"
          + " spec says undo: {approval: none}.",
      "Exit 0 when traffic is back, 4 when refused (nothing to undo, or the other color no longer"
          + " runs the previous version), 3 when a release of APP runs, 1 otherwise."
    })
final class UndoCommand extends OperatorCommand {
  @Parameters(paramLabel = "APP", description = "The app, as in the spec's app field.")
  String app;

  @Mixin ActorOption actor;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why (at most 1000 characters); recorded.")
  String reason;

  @Mixin ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    String initiator = actor.name();
    String why = bounded("--reason", required("--reason", reason));
    try (TemporalConnection temporal = connection.open()) {
      ReleaseClient releases = new ReleaseClient(temporal);
      String id = new AppOperations(releases).undo(required("APP", app), initiator, why);
      out().println(id);
      out().flush();
      Timeline timeline = new Timeline(out());
      ReleaseStatus end = releases.watch(id, timeline::show);
      if (end.state() == ReleaseState.SUCCEEDED) return ExitCodes.OK;
      if (refused(end)) {
        err().println(TerminalText.line(end.outcome()));
        return ExitCodes.REFUSED;
      }
      return ExitCodes.NOT_SUCCEEDED;
    }
  }

  /** The check of the other color failed: nothing was switched. */
  static boolean refused(ReleaseStatus end) {
    if (end.steps() == null) return false;
    for (StepRecord s : end.steps()) {
      if (UndoWorkflow.CHECK_STEP.equals(s.name()) && "FAILED".equals(s.status())) return true;
    }
    return false;
  }
}
