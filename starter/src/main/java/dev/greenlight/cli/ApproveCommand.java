package dev.greenlight.cli;

import dev.greenlight.api.model.Decision;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.approval.SshSigner;
import dev.greenlight.client.cli.ConnectionOptions;
import java.nio.file.Path;
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
      "or a release not awaiting approval.",
      "With approval.signers in the spec, an approval counts only when signed: --sign-key KEY"
          + " (runs ssh-keygen -Y sign -n greenlight; ssh-agent works) or --signature-file SIG;"
          + " an unsigned or wrongly signed one is refused (exit 4) with the reason.",
      "--print-message prints the exact message to sign; --print-signal prints the JSON for the"
          + " Temporal UI's signal dialog. Neither sends anything."
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

  @Option(
      names = "--print-message",
      description =
          "Print the exact approval message to sign (release, app, version, approver);"
              + " nothing is sent.")
  boolean printMessage;

  @Option(
      names = "--sign-key",
      paramLabel = "KEYFILE",
      description =
          "Sign the approval message with ssh-keygen -Y sign -n greenlight -f KEYFILE"
              + " (a private key, or the .pub of a key in ssh-agent) and send it.")
  Path signKey;

  @Option(
      names = "--signature-file",
      paramLabel = "SIGFILE",
      description =
          "Send a signature made with ssh-keygen -Y sign -n greenlight over the"
              + " message --print-message prints.")
  Path signatureFile;

  @Option(
      names = "--print-signal",
      description =
          "With --sign-key or --signature-file: print the JSON to paste into the"
              + " Temporal UI's signal dialog (signal approve); nothing is sent.")
  boolean printSignal;

  @Mixin ConnectionOptions connection;

  @Override
  protected int run() throws Exception {
    String approver = actor.name();
    String text = bounded("--comment", comment);
    String release = required("RELEASE", id);
    if (signKey != null && signatureFile != null) {
      throw usage("--sign-key and --signature-file: give one of them");
    }
    if (printSignal && signKey == null && signatureFile == null) {
      throw usage("--print-signal needs --sign-key or --signature-file (the JSON is signed)");
    }
    if (printMessage && (signKey != null || signatureFile != null || printSignal)) {
      throw usage("--print-message prints the message to sign; it takes no signature options");
    }
    String bad = Decision.nameProblem(approver);
    if (bad != null) throw usage("--as: " + bad);
    try (TemporalConnection temporal = connection.open()) {
      ReleaseClient releases = new ReleaseClient(temporal);
      if (printMessage) {
        out().print(releases.approvalMessage(release, approver));
        return ExitCodes.OK;
      }
      if (signKey == null && signatureFile == null) {
        out().println(TerminalText.line(releases.approve(release, approver, text)));
        return ExitCodes.OK;
      }
      Decision signed;
      if (signKey != null) {
        String message = releases.approvalMessage(release, approver);
        signed = Decision.signedApproval(approver, text, SshSigner.sign(signKey, message), null);
      } else {
        signed =
            Decision.signedApproval(
                approver,
                text,
                SshSigner.readSignature(signatureFile),
                SshSigner.signedFileOf(signatureFile));
      }
      if (printSignal) {
        out().println(SshSigner.signalJson(signed));
        return ExitCodes.OK;
      }
      out().println(TerminalText.line(releases.approve(release, signed)));
      return ExitCodes.OK;
    }
  }
}
