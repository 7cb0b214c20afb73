package dev.greenlight.cli;

import dev.greenlight.client.ReleaseClient;
import picocli.CommandLine.Command;

/** {@code greenlight abort RELEASE --as NAME --reason TEXT}: stops a release now. */
@Command(
    name = "abort",
    description = {
      "Stops a release now: before the switch it cleans up; after it, traffic goes back to the"
          + " previous color.",
      "The release ends ABORTED. Refused (exit 4) when it already ended."
    })
final class AbortCommand extends StopCommand {
  @Override
  String send(ReleaseClient releases, String id, String sender, String reason) throws Exception {
    return releases.abort(id, sender, reason);
  }
}
