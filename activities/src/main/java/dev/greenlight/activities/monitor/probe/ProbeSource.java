package dev.greenlight.activities.monitor.probe;

import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.activities.monitor.MetricSource;
import dev.greenlight.api.activities.MonitorPolicy;
import dev.greenlight.api.activities.MonitorRules;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.MetricSourceType;
import dev.greenlight.api.spec.monitor.probe.ProbeSourceType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;

/**
 * Monitor source {@code probe}: bursts of requests through {@code router.url + monitor.path}, as
 * users would send them, judged by {@link MonitorPolicy}.
 */
public final class ProbeSource implements MetricSource {
  /** Requests measured for the baseline. */
  public static final int BASELINE_REQUESTS = 20;

  /** Requests of one sample in flight at once, over kept-alive connections. */
  public static final int CONCURRENCY = 5;

  /**
   * Idle connections the probe keeps alive for the next samples (the shared client keeps 5): about
   * what the worker's samplers have in flight at once, so a sample reuses connections instead of
   * opening new ones on a busy router.
   */
  static final int KEPT_CONNECTIONS = 64;

  /** No single probe request waits longer. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final HttpProbe probe =
      new HttpProbe(
          SharedHttpClient.withCallTimeout(REQUEST_TIMEOUT)
              .newBuilder()
              .connectionPool(new ConnectionPool(KEPT_CONNECTIONS, 5, TimeUnit.MINUTES))
              .build());

  @Override
  public MetricSourceType type() {
    return new ProbeSourceType();
  }

  @Override
  public long baseline(ReleaseContext ctx, Runnable heartbeat) {
    String url = url(ctx);
    probe.warmUp(url);
    HttpProbe.Burst burst = probe.send(url, BASELINE_REQUESTS, heartbeat);
    if (burst.errors() == burst.requests()) {
      // nothing came back: factor thresholds would be meaningless, and the router may be restarting
      throw ApplicationFailure.newFailure(
          "cannot measure the baseline: all "
              + burst.requests()
              + " requests to "
              + url
              + " failed; last: "
              + burst.lastError(),
          "BaselineFailed");
    }
    return burst.p95Ms();
  }

  @Override
  public void prepare(ReleaseContext ctx) {
    probe.warmUp(url(ctx));
  }

  @Override
  public MonitorSample measure(ReleaseContext ctx, long baselineP95Ms, Runnable heartbeat) {
    String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    HttpProbe.Burst burst =
        probe.send(url(ctx), ctx.spec().monitor().requestsPerSample(), CONCURRENCY, heartbeat);
    MonitorSample sample =
        MonitorPolicy.judge(
            ctx.spec().monitor(),
            baselineP95Ms,
            at,
            burst.requests(),
            burst.errors(),
            burst.p95Ms());
    if (burst.lastError() != null && sample.reason() != null) {
      sample =
          new MonitorSample(
              sample.at(),
              sample.requests(),
              sample.errors(),
              sample.p95Ms(),
              sample.verdict(),
              sample.reason() + " (last error: " + burst.lastError() + ")");
    }
    // minRequests counts answers: requests that timed out on a busy worker decide nothing
    return MonitorRules.enoughAnswers(ctx.spec().monitor(), sample, burst.answered());
  }

  private static String url(ReleaseContext ctx) {
    return ctx.spec().router().url() + ctx.spec().monitor().path();
  }
}
