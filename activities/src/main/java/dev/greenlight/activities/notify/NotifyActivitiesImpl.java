package dev.greenlight.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.api.activities.Notification;
import dev.greenlight.api.activities.NotifyActivities;
import dev.greenlight.api.spec.notify.NotifyTarget;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs a release's events to webhooks: every field as JSON for {@code webhook}, {@code {"text":
 * ...}} for {@code slack}. The URL is read from the worker's environment on each call and never
 * appears in a message: a failure says what went wrong and names the variable.
 */
public class NotifyActivitiesImpl implements NotifyActivities {
  /** One attempt's bound: the workflow retries a few times, and never waits for it. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final OkHttpClient HTTP = SharedHttpClient.withCallTimeout(CALL_TIMEOUT);

  private final UnaryOperator<String> environment;

  /** Reads the URLs from the process environment. */
  public NotifyActivitiesImpl() {
    this(System::getenv);
  }

  /** Reads the URLs through {@code environment} (tests, the local stack). */
  public NotifyActivitiesImpl(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public String notify(NotifyTarget target, Notification message) {
    String raw = environment.apply(target.urlEnv());
    if (raw == null || raw.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the worker's environment has no " + target.urlEnv() + " (the webhook's URL)",
          "NotifyUrlMissing");
    }
    HttpUrl url = HttpUrl.parse(raw.trim());
    if (url == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the worker's " + target.urlEnv() + " holds no http(s) URL", "NotifyUrlMissing");
    }
    Request request =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(body(target, message), JSON_TYPE))
            .build();
    try (Response response = HTTP.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw ApplicationFailure.newFailure("HTTP " + response.code(), "NotifyRefused");
      }
      return "HTTP " + response.code();
    } catch (ConnectException e) {
      throw ApplicationFailure.newFailure("connection refused", "NotifyUnreachable");
    } catch (InterruptedIOException e) {
      throw ApplicationFailure.newFailure(
          "no answer within " + CALL_TIMEOUT.toSeconds() + "s", "NotifyUnreachable");
    } catch (IOException e) {
      // the exception's message may carry the host or the URL: only its kind is told
      throw ApplicationFailure.newFailure(
          "could not send (" + e.getClass().getSimpleName() + ")", "NotifyUnreachable");
    }
  }

  /** The JSON a target receives. */
  static String body(NotifyTarget target, Notification m) {
    ObjectNode json = JSON.createObjectNode();
    if (NotifyTarget.SLACK.equals(target.type())) {
      json.put("text", m.text());
    } else {
      json.put("event", m.event());
      json.put("release", m.release());
      json.put("app", m.app());
      json.put("version", m.version());
      json.put("state", m.state());
      json.put("stage", m.stage());
      json.put("text", m.text());
      if (m.approve() != null) json.put("approve", m.approve());
      if (m.command() != null) json.put("command", m.command());
      if (m.outcome() != null) json.put("outcome", m.outcome());
    }
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of strings always serializes
    }
  }
}
