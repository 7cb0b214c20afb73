package dev.greenlight.api.spec.monitor.prometheus;

import dev.greenlight.api.spec.MetricSourceSettings;
import java.util.List;

/**
 * Monitor source {@code prometheus}: spec keys {@code monitor.prometheus} and {@code
 * monitor.checks}.
 *
 * @param url the Prometheus server; queries go to {@code url + /api/v1/query}
 * @param tokenEnv env var (on the worker) holding a bearer token, or null
 * @param userEnv env var holding the basic-auth user, or null (set with {@code passwordEnv})
 * @param passwordEnv env var holding the basic-auth password, or null
 * @param colorLabel the label that names the color in the built-in checks (default {@code color})
 * @param timeoutMillis how long one query may take before the sample is INCONCLUSIVE (default 5s)
 * @param requestsQuery the query whose value is a sample's request count ({@code minRequests})
 * @param checks what is judged each sample: the spec's, or the built-in defaults
 */
public record PrometheusSettings(
    String url,
    String tokenEnv,
    String userEnv,
    String passwordEnv,
    String colorLabel,
    long timeoutMillis,
    String requestsQuery,
    List<Check> checks)
    implements MetricSourceSettings {

  /**
   * One check ({@code monitor.checks[i]}): a PromQL query and its thresholds.
   *
   * @param name shown in verdicts and status (e.g. error-rate)
   * @param query PromQL with {@code ${APP}}, {@code ${COLOR}}, {@code ${VERSION}}, {@code
   *     ${WINDOW}}
   * @param alert crossing it records an alert, or null
   * @param rollback crossing it rolls back, or null
   * @param direction above (bad when the value rises above a threshold) or below
   * @param compare null (against the thresholds as given) or live (against the live color in the
   *     same window while it serves traffic; after the last step, against its pre-switch baseline)
   */
  public record Check(
      String name,
      String query,
      Threshold alert,
      Threshold rollback,
      String direction,
      String compare) {

    public boolean below() {
      return "below".equals(direction);
    }

    public boolean comparesLive() {
      return "live".equals(compare);
    }
  }

  /**
   * A threshold: a number, or a factor ({@code 2.0x}) of the pre-switch baseline (or, with {@code
   * compare: live}, of the live color). With {@code compare: live}, a number is a margin added to
   * the live color's value ({@code above}) or taken from it ({@code below}).
   *
   * @param value the number, or null
   * @param factor the factor, or null
   */
  public record Threshold(Double value, Double factor) {
    public String display() {
      return factor != null ? factor + "x" : String.valueOf(value);
    }
  }
}
