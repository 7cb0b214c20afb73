package dev.greenlight.api.spec.monitor.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenlight.api.spec.MetricSourceSettings;
import dev.greenlight.api.spec.MetricSourceType;
import dev.greenlight.api.spec.SpecNode;
import dev.greenlight.api.spec.monitor.prometheus.PrometheusSettings.Check;
import dev.greenlight.api.spec.monitor.prometheus.PrometheusSettings.Threshold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Monitor source {@code prometheus}: PromQL checks against the Prometheus HTTP API. Reads {@code
 * monitor.prometheus} and {@code monitor.checks}; without checks, {@link #defaultChecks} judge.
 */
public final class PrometheusSourceType implements MetricSourceType {
  public static final String NAME = "prometheus";

  /** The placeholders a query may use. */
  public static final List<String> PLACEHOLDERS = List.of("APP", "COLOR", "VERSION", "WINDOW");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern FACTOR = Pattern.compile("\\d{1,6}(\\.\\d{1,6})?x");
  private static final Pattern NAME_RULE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,63}");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<? extends MetricSourceSettings> settingsClass() {
    return PrometheusSettings.class;
  }

  @Override
  public MetricSourceSettings read(SpecNode monitor, boolean chosen, Context context) {
    SpecNode p = monitor.obj(NAME, chosen);
    List<SpecNode> checkNodes = monitor.objects("checks");
    if (!chosen) {
      if (p != null) p.finish();
      if (!checkNodes.isEmpty()) {
        monitor.problem("checks", "only the prometheus source has checks (set source: prometheus)");
      }
      return null;
    }
    if (p == null) return null;
    String url = p.url("url", true);
    String tokenEnv = env(p, "tokenEnv");
    String userEnv = env(p, "userEnv");
    String passwordEnv = env(p, "passwordEnv");
    if ((userEnv == null) != (passwordEnv == null)) {
      p.problem(userEnv == null ? "userEnv" : "passwordEnv", "is required with the other");
    }
    if (tokenEnv != null && userEnv != null) {
      p.problem("tokenEnv", "set tokenEnv or userEnv/passwordEnv, not both");
    }
    String colorLabel = p.str("colorLabel", "color");
    if (colorLabel != null && !LABEL.matcher(colorLabel).matches()) {
      p.problem("colorLabel", "'" + colorLabel + "' is not a Prometheus label name");
      colorLabel = "color";
    }
    Duration timeout = p.duration("timeout", Duration.ofSeconds(5));
    String requestsQuery = p.str("requestsQuery", null);
    if (requestsQuery != null) placeholders(p, "requestsQuery", requestsQuery);
    else requestsQuery = requestsQuery(colorLabel);
    p.finish();

    List<Check> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SpecNode c : checkNodes) {
      Check check = check(c);
      if (check == null) continue;
      if (!names.add(check.name())) c.problem("name", "'" + check.name() + "' is used twice");
      checks.add(check);
    }
    if (monitor.has("checks") && checks.isEmpty() && checkNodes.isEmpty()) {
      monitor.problem("checks", "is empty (leave it out for the built-in checks)");
    }
    return new PrometheusSettings(
        url,
        tokenEnv,
        userEnv,
        passwordEnv,
        colorLabel,
        timeout == null ? 5000 : timeout.toMillis(),
        requestsQuery,
        checks.isEmpty() ? defaultChecks(colorLabel) : List.copyOf(checks));
  }

  private static String env(SpecNode p, String key) {
    String name = p.str(key, null);
    if (name != null && !ENV.matcher(name).matches()) {
      p.problem(key, "'" + name + "' is not an environment variable name (e.g. PROM_TOKEN)");
      return null;
    }
    return name;
  }

  private static Check check(SpecNode c) {
    String name = c.str("name", null);
    if (name == null) c.problem("name", "is required (e.g. error-rate)");
    else if (!NAME_RULE.matcher(name).matches()) {
      c.problem("name", "'" + name + "' must be lower-case letters, digits, - and _, at most 40");
    }
    String query = c.str("query", null);
    if (query == null) c.problem("query", "is required (PromQL)");
    else placeholders(c, "query", query);
    String direction = c.oneOf("direction", "above", List.of("above", "below"));
    String compare = c.oneOf("compare", null, List.of("live"));
    Threshold alert = threshold(c, "alert");
    Threshold rollback = threshold(c, "rollback");
    if (alert == null && rollback == null && !c.has("alert") && !c.has("rollback")) {
      c.problem("rollback", "set alert, rollback or both");
    }
    if (alert != null && rollback != null && alert.factor() == null && rollback.factor() == null) {
      boolean wrongOrder =
          "below".equals(direction)
              ? alert.value() < rollback.value()
              : alert.value() > rollback.value();
      if (wrongOrder) {
        c.problem(
            "alert",
            alert.display()
                + " is beyond the rollback threshold "
                + rollback.display()
                + " (direction "
                + direction
                + ")");
      }
    }
    c.finish();
    return name == null || query == null
        ? null
        : new Check(name, query, alert, rollback, direction, compare);
  }

  private static Threshold threshold(SpecNode c, String key) {
    JsonNode v = c.raw(key);
    if (v == null) return null;
    if (v.isNumber()) {
      if (!Double.isFinite(v.asDouble())) {
        c.problem(key, "'" + v.asText() + "' is not a number");
        return null;
      }
      return new Threshold(v.asDouble(), null);
    }
    String t = v.asText().trim();
    if (v.isTextual() && FACTOR.matcher(t).matches()) {
      double f = Double.parseDouble(t.substring(0, t.length() - 1));
      if (f <= 0) {
        c.problem(key, "'" + t + "' must be a factor above 0x");
        return null;
      }
      return new Threshold(null, f);
    }
    c.problem(key, "'" + t + "' is neither a number (0.05) nor a factor of the baseline (2.0x)");
    return null;
  }

  /** Reports every placeholder that is not one of {@link #PLACEHOLDERS}. */
  private static void placeholders(SpecNode node, String key, String query) {
    Matcher m = PLACEHOLDER.matcher(query);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        node.problem(
            key,
            "unknown placeholder ${"
                + m.group(1)
                + "} (expected ${APP}, ${COLOR}, ${VERSION} or ${WINDOW})");
      }
    }
  }

  /** The request count of one color in the sample's range. */
  static String requestsQuery(String colorLabel) {
    return "sum(increase(http_requests_total{app=\"${APP}\","
        + colorLabel
        + "=\"${COLOR}\"}[${WINDOW}]))";
  }

  /**
   * The runbook's checks, on the conventional metric names ({@code http_requests_total} with a
   * {@code code} label, {@code http_server_requests_seconds} histogram buckets, {@code
   * db_errors_total}) and the color in {@code colorLabel}.
   */
  public static List<Check> defaultChecks(String colorLabel) {
    String sel = "app=\"${APP}\"," + colorLabel + "=\"${COLOR}\"";
    return List.of(
        new Check(
            "error-rate",
            "sum(rate(http_requests_total{"
                + sel
                + ",code=~\"5..\"}[${WINDOW}])) / sum(rate(http_requests_total{"
                + sel
                + "}[${WINDOW}]))",
            new Threshold(0.03, null),
            new Threshold(0.05, null),
            "above",
            null),
        new Check(
            "p95-latency",
            "histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{"
                + sel
                + "}[${WINDOW}])))",
            new Threshold(1.0, null),
            new Threshold(null, 2.0),
            "above",
            null),
        // all colors together: the users the app serves, whichever color serves them
        new Check(
            "active-users",
            "sum(rate(http_requests_total{app=\"${APP}\"}[${WINDOW}]))",
            new Threshold(null, 0.8),
            null,
            "below",
            null),
        new Check(
            "db-errors",
            "sum(increase(db_errors_total{" + sel + "}[${WINDOW}])) or vector(0)",
            new Threshold(0.0, null),
            null,
            "above",
            null));
  }

  /** {@code d} as a PromQL range ({@code 10s}, {@code 500ms}). */
  public static String range(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
