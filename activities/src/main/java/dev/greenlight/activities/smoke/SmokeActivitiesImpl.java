package dev.greenlight.activities.smoke;

import dev.greenlight.activities.BackgroundHeartbeat;
import dev.greenlight.activities.http.HttpAnswer;
import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.SmokeCheck;
import io.temporal.activity.Activity;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the spec's smoke checks against one color at its environment URL. A check that cannot reach
 * the color is a failed check, reported like any other.
 */
public class SmokeActivitiesImpl implements SmokeActivities {

  @Override
  public SmokeReport smoke(ReleaseContext ctx, Color color) {
    String base = ctx.spec().environment(color).url();
    List<SmokeReport.CheckResult> results = new ArrayList<>();
    try (BackgroundHeartbeat beat =
        BackgroundHeartbeat.start(Activity.getExecutionContext(), color.label())) {
      for (SmokeCheck check : ctx.spec().smoke()) {
        results.add(run(check, base));
      }
    }
    boolean passed = results.stream().allMatch(SmokeReport.CheckResult::passed);
    return new SmokeReport(passed, List.copyOf(results));
  }

  static SmokeReport.CheckResult run(SmokeCheck check, String baseUrl) {
    String method = check.method() == null ? "GET" : check.method();
    HttpAnswer answer = HttpAnswer.send(SharedHttpClient.get(), method, baseUrl + check.path());
    String what = method + " " + check.path();
    if (!answer.answered()) {
      return new SmokeReport.CheckResult(check.name(), false, what + ": " + answer.error());
    }
    String took = answer.millis() + "ms";
    if (answer.status() != check.expect()) {
      return new SmokeReport.CheckResult(
          check.name(),
          false,
          what + ": expected " + check.expect() + ", got " + answer.summary() + " in " + took);
    }
    if (check.bodyContains() != null && !answer.body().contains(check.bodyContains())) {
      return new SmokeReport.CheckResult(
          check.name(),
          false,
          what
              + ": "
              + answer.status()
              + " in "
              + took
              + " but the body does not contain '"
              + check.bodyContains()
              + "' (body: "
              + HttpAnswer.excerpt(answer.body(), 120)
              + ")");
    }
    return new SmokeReport.CheckResult(
        check.name(), true, what + ": " + answer.status() + " in " + took);
  }
}
