package dev.greenlight.cli;

import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight promote RELEASE --full --as NAME}: skip the remaining progressive holds. */
@Command(
    name = "promote",
    description = {
      "With --full: all traffic to the new color now, skipping the remaining progressive holds of"
          + " an approved release (the monitor window still follows). Recorded as a step.",
      "Needs an approver (as approve: not the initiator; one of approval.approvers when listed).",
      "Refused (exit 4) before approval, when all traffic is already on the new color, or after"
          + " the release ended."
    })
final class PromoteCommand extends OperatorCommand {
  @Parameters(paramLabel = "RELEASE", description = "The release id.")
  String id;

  @Option(
      names = "--full",
      required = true,
      description = "Skip every remaining hold (required: the only kind of promote).")
  boolean full;

  @Mixin ActorOption actor;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Recorded with the promote.")
  String comment;

  @Mixin ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    String approver = actor.name();
    String text = bounded("--comment", comment);
    try (TemporalConnection temporal = connection.open()) {
      out()
          .println(
              TerminalText.line(
                  new ReleaseClient(temporal)
                      .promoteFull(required("RELEASE", id), approver, text)));
      return ExitCodes.OK;
    }
  }
}
