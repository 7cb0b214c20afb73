package dev.greenlight.activities.monitor.scripted;

import dev.greenlight.activities.monitor.MetricSource;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.MetricSourceType;
import io.temporal.failure.ApplicationFailure;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A test-only monitor source ({@code monitor.source: scripted}), registered through {@code
 * META-INF/services} as a real one is: each sample takes the next verdict of {@link #VERDICTS}
 * ({@code FAIL}: the source throws a non-retryable {@code ScriptedFailure}).
 */
public final class ScriptedSource implements MetricSource {
  /** The verdicts the next samples give, in order; OK when empty. */
  public static final Queue<String> VERDICTS = new ConcurrentLinkedQueue<>();

  /** What {@link #baseline} answers. */
  public static final long BASELINE_MS = 42;

  @Override
  public MetricSourceType type() {
    return new ScriptedSourceType();
  }

  @Override
  public long baseline(ReleaseContext ctx, Runnable heartbeat) {
    heartbeat.run();
    return BASELINE_MS;
  }

  @Override
  public MonitorSample measure(ReleaseContext ctx, long baselineP95Ms, Runnable heartbeat) {
    String verdict = VERDICTS.poll();
    if ("FAIL".equals(verdict)) {
      throw ApplicationFailure.newNonRetryableFailure("scripted failure", "ScriptedFailure");
    }
    if (verdict == null || verdict.equals("OK")) {
      return new MonitorSample("2026-01-01T00:00:00Z", 1, 0, baselineP95Ms, "OK", null);
    }
    return new MonitorSample(
        "2026-01-01T00:00:00Z", 1, 1, baselineP95Ms, verdict, "scripted " + verdict);
  }
}
