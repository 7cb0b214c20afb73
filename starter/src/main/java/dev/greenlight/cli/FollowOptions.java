package dev.greenlight.cli;

import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.client.RefusedException;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.timeline.MonitorWindows;
import dev.greenlight.client.timeline.ReleaseFollower;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --timeout} of {@code watch} and {@code start --follow}, and the following itself. */
final class FollowOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = {
        "Stop watching after DURATION (e.g. 30s, 15m, 2h); the release goes on.",
        "Exit " + ExitCodes.STILL_RUNNING + " when it has not ended by then."
      })
  String timeout;

  /**
   * Follows release {@code id}, printing its timeline on {@code out}, until it ends or the timeout
   * runs out; returns the exit code.
   *
   * @param terminal true to draw the progress bar (the timeline goes to a terminal)
   */
  int follow(
      TemporalConnection temporal, String id, PrintWriter out, PrintWriter err, boolean terminal)
      throws RefusedException, InterruptedException {
    return finalStatus(temporal, id, out, err, terminal)
        .map(s -> s.state() == ReleaseState.SUCCEEDED ? ExitCodes.OK : ExitCodes.NOT_SUCCEEDED)
        .orElse(ExitCodes.STILL_RUNNING);
  }

  /** The release's final status, or empty when the timeout ran out (one line on {@code err}). */
  Optional<ReleaseStatus> finalStatus(
      TemporalConnection temporal, String id, PrintWriter out, PrintWriter err, boolean terminal)
      throws RefusedException, InterruptedException {
    Duration limit = timeout();
    Timeline timeline =
        new Timeline(
            out, terminal, terminal ? MonitorWindows.of(temporal, id) : MonitorWindows.UNKNOWN);
    Optional<ReleaseStatus> end;
    try {
      end = ReleaseFollower.follow(new ReleaseClient(temporal), id, limit, timeline::show);
    } finally {
      timeline.finish();
    }
    if (end.isEmpty()) {
      err.println(
          "timeout: "
              + id
              + " is still running after "
              + timeout
              + " (greenlight watch "
              + id
              + " to go on)");
      err.flush();
    }
    return end;
  }

  /** The parsed --timeout, or null without one; bad usage when it is not a positive duration. */
  Duration timeout() {
    if (timeout == null) return null;
    Duration d;
    try {
      d = Durations.parse(timeout);
    } catch (RuntimeException e) {
      d = null;
    }
    if (d == null || d.isZero() || d.isNegative()) {
      throw new ParameterException(
          spec.commandLine(),
          "--timeout: '" + timeout + "' is not a duration such as 500ms, 30s, 15m or 2h");
    }
    return d;
  }
}
