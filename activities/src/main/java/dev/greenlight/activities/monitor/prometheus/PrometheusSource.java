package dev.greenlight.activities.monitor.prometheus;

import dev.greenlight.activities.monitor.MetricSource;
import dev.greenlight.activities.monitor.SampleRequest;
import dev.greenlight.api.activities.MonitorBaseline;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.MonitorVerdict;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.MetricSourceType;
import dev.greenlight.api.spec.monitor.prometheus.PrometheusSettings;
import dev.greenlight.api.spec.monitor.prometheus.PrometheusSettings.Check;
import dev.greenlight.api.spec.monitor.prometheus.PrometheusSourceType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Monitor source {@code prometheus}: each sample runs every check's PromQL for the new color over
 * the sample's range ({@code ${WINDOW}} = {@code monitor.interval}) and judges it. A check without
 * data (no series, NaN, a timeout) makes the sample INCONCLUSIVE unless another check alerts or
 * calls for a rollback.
 */
public final class PrometheusSource implements MetricSource {
  private final Map<String, String> env;

  public PrometheusSource() {
    this(System.getenv());
  }

  /** With this environment for tokenEnv, userEnv and passwordEnv (tests). */
  public PrometheusSource(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public MetricSourceType type() {
    return new PrometheusSourceType();
  }

  @Override
  public long baseline(ReleaseContext ctx, Runnable heartbeat) {
    return baselines(ctx, null, heartbeat).p95Ms();
  }

  /**
   * Each check on the live color, over the last {@link #baselineWindow} (its {@code ${WINDOW}}).
   *
   * @throws ApplicationFailure non-retryable, type PromQLError, when Prometheus refuses a query
   */
  @Override
  public MonitorBaseline baselines(ReleaseContext ctx, String live, Runnable heartbeat) {
    PrometheusSettings s = settings(ctx);
    PrometheusClient client = new PrometheusClient(s, env);
    Map<String, Double> values = new LinkedHashMap<>();
    Duration window = baselineWindow(ctx.spec().monitor().interval());
    for (Check check : s.checks()) {
      PrometheusClient.Answer a = client.query(query(check.query(), ctx, live, window), false);
      heartbeat.run();
      if (a.refused()) throw promqlError(check, a);
      if (a.value() != null) values.put(check.name(), a.value());
    }
    Double p95 = values.get("p95-latency");
    return new MonitorBaseline(p95 == null ? 0 : Math.round(p95 * 1000), Map.copyOf(values));
  }

  /**
   * The baseline's {@code ${WINDOW}}: five intervals, at least 30 s. A baseline is the usual level,
   * not one sample's, and a longer range still has data when scrapes come late.
   */
  static Duration baselineWindow(Duration interval) {
    Duration five = interval.multipliedBy(5);
    return five.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : five;
  }

  @Override
  public MonitorSample measure(ReleaseContext ctx, long baselineP95Ms, Runnable heartbeat) {
    throw ApplicationFailure.newNonRetryableFailure(
        "monitor.source prometheus needs the colors: this release's workflow predates it",
        "UnsupportedSource");
  }

  @Override
  public MonitorSample sample(ReleaseContext ctx, SampleRequest request, Runnable heartbeat) {
    String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    PrometheusSettings s = settings(ctx);
    PrometheusClient client = new PrometheusClient(s, env);
    Duration window = request.window();
    boolean liveServes = request.live() != null && request.trafficPercent() < 100;
    List<CheckJudge.Verdict> verdicts = new ArrayList<>();
    Map<String, Double> seen = new LinkedHashMap<>();
    for (Check check : s.checks()) {
      PrometheusClient.Answer a =
          client.query(query(check.query(), ctx, request.target(), window), check.below());
      heartbeat.run();
      if (a.value() == null) {
        verdicts.add(
            new CheckJudge.Verdict(
                MonitorVerdict.INCONCLUSIVE,
                check.name()
                    + ": "
                    + (a.refused() ? a.problem() + " (" + check.query() + ")" : a.problem())));
        continue;
      }
      seen.put(check.name(), a.value());
      Double reference = request.baseline().check(check.name());
      String referenceName = "baseline";
      if (check.comparesLive() && liveServes) {
        PrometheusClient.Answer l =
            client.query(query(check.query(), ctx, request.live(), window), check.below());
        heartbeat.run();
        reference = l.value();
        referenceName = request.live() + " (live)";
      }
      verdicts.add(CheckJudge.judge(check, a.value(), reference, referenceName));
    }
    int requests = 0;
    if (s.requestsQuery() != null) {
      PrometheusClient.Answer r =
          client.query(query(s.requestsQuery(), ctx, request.target(), window), false);
      heartbeat.run();
      requests = r.value() == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.round(r.value()));
    }
    Double errorRate = seen.get("error-rate");
    Double p95 = seen.get("p95-latency");
    int errors = errorRate == null ? 0 : (int) Math.round(errorRate * requests);
    long p95Ms = p95 == null ? 0 : Math.round(p95 * 1000);
    for (String verdict :
        new String[] {MonitorVerdict.ROLLBACK, MonitorVerdict.ALERT, MonitorVerdict.INCONCLUSIVE}) {
      List<String> reasons =
          verdicts.stream().filter(v -> v.verdict().equals(verdict)).map(v -> v.reason()).toList();
      if (!reasons.isEmpty()) {
        return new MonitorSample(at, requests, errors, p95Ms, verdict, String.join("; ", reasons));
      }
    }
    return new MonitorSample(at, requests, errors, p95Ms, MonitorVerdict.OK, null);
  }

  private static PrometheusSettings settings(ReleaseContext ctx) {
    PrometheusSettings s = ctx.spec().monitor().settings(PrometheusSettings.class);
    if (s == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "monitor.prometheus is missing from the spec", "SpecInvalid");
    }
    return s;
  }

  private static ApplicationFailure promqlError(Check check, PrometheusClient.Answer a) {
    return ApplicationFailure.newNonRetryableFailure(
        "monitor check " + check.name() + ": " + a.problem() + "; the query was: " + check.query(),
        "PromQLError");
  }

  /** The template with its placeholders filled; values are escaped for PromQL strings. */
  static String query(String template, ReleaseContext ctx, String color, Duration window) {
    return template
        .replace("${APP}", escape(ctx.spec().app()))
        .replace("${COLOR}", escape(color == null ? "" : color))
        .replace("${VERSION}", escape(ctx.version()))
        .replace("${WINDOW}", PrometheusSourceType.range(window));
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
