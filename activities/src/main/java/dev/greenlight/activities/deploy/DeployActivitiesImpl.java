package dev.greenlight.activities.deploy;

import dev.greenlight.activities.process.HookRunner;
import dev.greenlight.workflows.activities.DeployActivities;
import dev.greenlight.workflows.activities.ReleaseContext;
import dev.greenlight.workflows.model.Color;
import dev.greenlight.workflows.spec.Durations;
import dev.greenlight.workflows.spec.Environment;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.Map;

/** Runs a color's deploy hook as a real process, heartbeating while it runs. */
public class DeployActivitiesImpl implements DeployActivities {

  @Override
  public String deploy(ReleaseContext ctx, Color color) {
    Environment env = ctx.spec().environment(color);
    ActivityExecutionContext activity = Activity.getExecutionContext();
    HookRunner.Result result;
    try {
      // a heartbeat that finds the activity cancelled throws: HookRunner kills the hook and rethrows
      result = HookRunner.run(env.deploy(), hookVars(ctx, color), env.deployTimeout(),
          () -> activity.heartbeat(color.label()));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deploy hook for " + color + " could not run (" + env.deploy().display() + "): " + e.getMessage(),
          "DeployFailed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("deploy of " + color + " interrupted (worker shutting down)", "DeployInterrupted");
    }
    String took = seconds(result.millis());
    if (result.timedOut()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deploy hook for " + color + " did not finish within deployTimeout " + Durations.format(env.deployTimeout())
              + " and was killed (" + env.deploy().display() + ")" + tail(result.tail()),
          "DeployFailed");
    }
    if (!result.ok()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deploy hook for " + color + " exited " + result.exitCode() + " after " + took + " ("
              + env.deploy().display() + ")" + tail(result.tail()),
          "DeployFailed");
    }
    String last = lastLine(result.tail());
    return "exit 0 in " + took + (last.isEmpty() ? "" : ": " + last);
  }

  /** The placeholders (and GREENLIGHT_* variables) every hook of this release gets. */
  public static Map<String, String> hookVars(ReleaseContext ctx, Color color) {
    return Map.of(
        "VERSION", ctx.version(),
        "COLOR", color.label(),
        "APP", ctx.spec().app(),
        "RELEASE", ctx.releaseId());
  }

  private static String tail(String tail) {
    return tail.isBlank() ? "; it printed nothing" : "; last output:\n" + tail;
  }

  private static String lastLine(String tail) {
    String[] lines = tail.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
  }
}
