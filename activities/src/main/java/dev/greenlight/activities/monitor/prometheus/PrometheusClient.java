package dev.greenlight.activities.monitor.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.activities.http.HttpAnswer;
import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.api.spec.monitor.prometheus.PrometheusSettings;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query}), with the bearer
 * token or basic-auth credentials read from the worker's environment (never from the spec, so never
 * in history).
 */
final class PrometheusClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One query's answer: a value, or why there is none.
   *
   * @param value the worst value of the series returned, or null
   * @param problem why there is no value (no series, NaN, a timeout, unreachable), or null
   * @param refused true when Prometheus refused the query itself (a PromQL error)
   */
  record Answer(Double value, String problem, boolean refused) {}

  private final PrometheusSettings settings;
  private final OkHttpClient client;
  private final String authorization;

  PrometheusClient(PrometheusSettings settings, Map<String, String> env) {
    this.settings = settings;
    Duration timeout = Duration.ofMillis(settings.timeoutMillis());
    this.client =
        SharedHttpClient.get()
            .newBuilder()
            .callTimeout(timeout)
            .readTimeout(timeout)
            .connectTimeout(timeout)
            .build();
    this.authorization = authorization(settings, env);
  }

  private static String authorization(PrometheusSettings s, Map<String, String> env) {
    if (s.tokenEnv() != null) return "Bearer " + required(env, s.tokenEnv(), "tokenEnv");
    if (s.userEnv() != null) {
      return Credentials.basic(
          required(env, s.userEnv(), "userEnv"), required(env, s.passwordEnv(), "passwordEnv"));
    }
    return null;
  }

  private static String required(Map<String, String> env, String name, String key) {
    String v = env.get(name);
    if (v == null || v.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "monitor.prometheus."
              + key
              + ": the environment variable "
              + name
              + " is not set on the worker",
          "PrometheusCredentialsMissing");
    }
    return v;
  }

  /** Runs {@code promql} now; the worst value is the largest ({@code below}: the smallest). */
  Answer query(String promql, boolean below) {
    HttpUrl url = HttpUrl.parse(settings.url() + "/api/v1/query");
    if (url == null) return new Answer(null, "monitor.prometheus.url is not a URL", false);
    url =
        url.newBuilder()
            .addQueryParameter("query", promql)
            .addQueryParameter("timeout", settings.timeoutMillis() + "ms")
            .build();
    Request.Builder request = new Request.Builder().url(url).get();
    if (authorization != null) request.header("Authorization", authorization);
    try (Response response = client.newCall(request.build()).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      return read(response.code(), text, below);
    } catch (InterruptedIOException timeout) {
      return new Answer(
          null, "Prometheus did not answer within " + settings.timeoutMillis() + "ms", false);
    } catch (IOException e) {
      return new Answer(null, "Prometheus at " + settings.url() + " unreachable: " + e, false);
    }
  }

  private static Answer read(int code, String text, boolean below) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return new Answer(
          null,
          "Prometheus answered " + code + " without JSON: " + HttpAnswer.excerpt(text, 200),
          false);
    }
    if (!"success".equals(root.path("status").asText())) {
      String error =
          root.path("errorType").asText("error") + ": " + root.path("error").asText("(none)");
      // 400 bad_data and 422 execution errors are the query's fault; 503 etc. are the server's
      boolean refused = code == 400 || code == 422;
      return new Answer(
          null,
          (refused ? "Prometheus refused the query: " : "Prometheus failed: ") + error,
          refused);
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText();
    Double worst = null;
    if ("scalar".equals(type)) {
      worst = number(data.path("result"));
    } else if ("vector".equals(type)) {
      for (JsonNode series : data.path("result")) {
        Double v = number(series.path("value"));
        if (v != null && (worst == null || (below ? v < worst : v > worst))) worst = v;
      }
    } else {
      return new Answer(
          null, "the query returns a " + type + ", not an instant vector or scalar", true);
    }
    if (worst == null) return new Answer(null, "no data (the query returned no series)", false);
    return new Answer(worst, null, false);
  }

  /** The value of a {@code [time, "value"]} pair; null for NaN or none. */
  private static Double number(JsonNode pair) {
    if (!pair.isArray() || pair.size() < 2) return null;
    try {
      double v = Double.parseDouble(pair.get(1).asText());
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
