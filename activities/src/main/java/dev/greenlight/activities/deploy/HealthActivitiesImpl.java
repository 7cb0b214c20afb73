package dev.greenlight.activities.deploy;

import dev.greenlight.activities.http.HttpAnswer;
import dev.greenlight.activities.http.JsonField;
import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.HealthSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Locale;

/**
 * Polls a color's health endpoint until it answers 200 (and reports the release version when {@code
 * health.versionField} is set), heartbeating at every poll.
 */
public class HealthActivitiesImpl implements HealthActivities {
  /** No single poll waits longer than this, so a hung endpoint still gets polled again. */
  private static final Duration MAX_POLL = Duration.ofSeconds(5);

  private static final Duration MIN_POLL = Duration.ofSeconds(1);

  @Override
  public String awaitHealthy(ReleaseContext ctx, Color color) {
    HealthSpec health = ctx.spec().health();
    String url = ctx.spec().environment(color).url() + health.path();
    ActivityExecutionContext activity = Activity.getExecutionContext();
    long start = System.nanoTime();
    long deadline = start + health.timeout().toNanos();
    int polls = 0;
    String lastSeen = "no answer yet";
    while (true) {
      long left = deadline - System.nanoTime();
      // at least MIN_POLL, so the poll at the deadline still tells "refused" from "slow" on a busy
      // machine
      Duration pollTimeout =
          Duration.ofNanos(Math.max(Math.min(left, MAX_POLL.toNanos()), MIN_POLL.toNanos()));
      HttpAnswer answer = HttpAnswer.get(SharedHttpClient.withCallTimeout(pollTimeout), url);
      polls++;
      if (answer.status() == 200) {
        if (health.versionField() == null) {
          return "healthy after " + polls(polls) + " in " + seconds(start) + " (HTTP 200)";
        }
        String reported = JsonField.read(answer.body(), health.versionField());
        if (ctx.version().equals(reported)) {
          return "healthy after "
              + polls(polls)
              + " in "
              + seconds(start)
              + ", "
              + health.versionField()
              + " "
              + reported;
        }
        lastSeen =
            reported == null
                ? "HTTP 200 without a '"
                    + health.versionField()
                    + "' field: "
                    + HttpAnswer.excerpt(answer.body(), 120)
                : "HTTP 200 with " + health.versionField() + " '" + reported + "'";
      } else {
        lastSeen = answer.summary();
      }
      activity.heartbeat(polls);
      long pause = Math.min(health.interval().toNanos(), deadline - System.nanoTime());
      if (pause <= 0) break;
      sleep(pause); // the loop polls once more at the deadline
    }
    String expected =
        health.versionField() == null
            ? "HTTP 200"
            : "HTTP 200 with " + health.versionField() + " '" + ctx.version() + "'";
    throw ApplicationFailure.newNonRetryableFailure(
        color
            + " did not become healthy within health.timeout "
            + Durations.format(health.timeout())
            + " at "
            + url
            + " ("
            + polls(polls)
            + "): expected "
            + expected
            + ", last answer: "
            + lastSeen,
        "HealthTimeout");
  }

  private static String polls(int n) {
    return n == 1 ? "1 poll" : n + " polls";
  }

  private static String seconds(long start) {
    return String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - start) / 1e9);
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(
          "health check interrupted (worker shutting down)", "HealthInterrupted");
    }
  }
}
