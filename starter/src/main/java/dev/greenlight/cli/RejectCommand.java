package dev.greenlight.cli;

import dev.greenlight.client.ReleaseClient;
import picocli.CommandLine.Command;

/** {@code greenlight reject RELEASE --as NAME --reason TEXT}: refuses the switch. */
@Command(
    name = "reject",
    description = {
      "Refuses the release before the switch: nothing is switched, it ends REJECTED.",
      "Same rules as approve (exit 4 when refused); after the switch started, use abort."
    })
final class RejectCommand extends StopCommand {
  @Override
  String send(ReleaseClient releases, String id, String approver, String reason) throws Exception {
    return releases.reject(id, approver, reason);
  }
}
