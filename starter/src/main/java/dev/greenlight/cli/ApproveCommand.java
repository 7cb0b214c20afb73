package dev.greenlight.cli;

import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight approve RELEASE --as NAME}: approves the switch. */
@Command(
    name = "approve",
    description = {
      "Approves the switch of a release awaiting approval.",
      "--as: at most 64 letters, digits, spaces and . _ @ + ' -; --comment: at most 1000 characters"
          + " (else exit 2).",
      "Refused (exit 4, nothing recorded) for the initiator, a non-approver, a second approval by"
          + " the same person,",
      "or a release not awaiting approval."
    })
final class ApproveCommand extends OperatorCommand {
  @Parameters(paramLabel = "RELEASE", description = "The release id.")
  String id;

  @Mixin ActorOption actor;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      description = "Shown with the approval in status (at most 1000 characters).")
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
                  new ReleaseClient(temporal).approve(required("RELEASE", id), approver, text)));
      return ExitCodes.OK;
    }
  }
}
