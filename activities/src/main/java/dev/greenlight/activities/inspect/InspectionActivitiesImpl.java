package dev.greenlight.activities.inspect;

import dev.greenlight.activities.http.HttpAnswer;
import dev.greenlight.activities.http.JsonField;
import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.activities.process.HookRunner;
import dev.greenlight.activities.process.HookVariables;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.lifecycle.ColorFacts;
import dev.greenlight.api.lifecycle.InspectionActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.lifecycle.DriftSpec;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a color runs: one GET of its health endpoint (the version and the drift fields), and
 * the drift command's fingerprint (the last line it prints), run by the same {@link HookRunner} as
 * deploy hooks.
 */
public class InspectionActivitiesImpl implements InspectionActivities {
  /** What a missing drift field compares as. */
  public static final String MISSING = "<missing>";

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  @Override
  public ColorFacts inspect(ReleaseContext ctx, Color color) {
    ReleaseSpec spec = ctx.spec();
    DriftSpec drift = spec.drift();
    String url = spec.environment(color).url() + spec.health().path();
    HttpAnswer answer = HttpAnswer.get(SharedHttpClient.withCallTimeout(REQUEST_TIMEOUT), url);
    if (answer.status() != 200) {
      throw ApplicationFailure.newNonRetryableFailure(
          color + " is not healthy at " + url + ": " + answer.summary(), "Unreachable");
    }
    String field = spec.health().versionField();
    String version = field == null ? null : JsonField.read(answer.body(), field);
    Map<String, String> fields = new LinkedHashMap<>();
    for (String f : drift == null ? List.<String>of() : drift.fields()) {
      String v = JsonField.read(answer.body(), f);
      fields.put(f, v == null ? MISSING : v);
    }
    String fingerprint = drift == null || drift.command() == null ? null : fingerprint(ctx, color);
    return new ColorFacts(color.label(), version, fields, fingerprint);
  }

  private static String fingerprint(ReleaseContext ctx, Color color) {
    HookRunner.Result r;
    try {
      r =
          HookRunner.run(
              ctx.spec().drift().command(),
              HookVariables.of(ctx).withColor(color).asMap(),
              COMMAND_TIMEOUT,
              () -> Activity.getExecutionContext().heartbeat(color.label()));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "drift.command could not run for " + color + ": " + e.getMessage(), "DriftCommand");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("drift.command interrupted", "DriftCommand");
    }
    if (!r.ok()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "drift.command failed for "
              + color
              + (r.timedOut() ? " (timed out)" : " (exit " + r.exitCode() + ")")
              + ": "
              + r.tail(),
          "DriftCommand");
    }
    String last = "";
    for (String line : r.tail().split("\n")) if (!line.isBlank()) last = line.trim();
    return last;
  }
}
