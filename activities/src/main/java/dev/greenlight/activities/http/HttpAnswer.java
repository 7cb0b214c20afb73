package dev.greenlight.activities.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * What one HTTP request got: a status and body, or the transport error that stood in the way.
 *
 * @param url the URL requested
 * @param status the HTTP status, or 0 when no answer came
 * @param body the body (at most {@link #MAX_BODY} bytes, as UTF-8), or "" when no answer came
 * @param millis how long the request took
 * @param error what went wrong on the way (connection refused, timed out, ...), or null
 * @param headers the response headers (none when no answer came)
 */
public record HttpAnswer(
    String url, int status, String body, long millis, String error, Headers headers) {
  /**
   * Bytes of a body that are kept; the rest is read and dropped so the connection can be reused.
   */
  public static final int MAX_BODY = 64 * 1024;

  /** GET {@code url}. Never throws: a transport error is an answer too. */
  public static HttpAnswer get(OkHttpClient client, String url) {
    return send(client, "GET", url);
  }

  /** Sends {@code method} to {@code url} with an empty body where the method needs one. */
  public static HttpAnswer send(OkHttpClient client, String method, String url) {
    long start = System.nanoTime();
    Request request;
    try {
      RequestBody body =
          switch (method.toUpperCase(Locale.ROOT)) {
            case "POST", "PUT", "PATCH" -> RequestBody.create(new byte[0]);
            default -> null;
          };
      request =
          new Request.Builder().url(url).method(method.toUpperCase(Locale.ROOT), body).build();
    } catch (IllegalArgumentException e) {
      return new HttpAnswer(url, 0, "", 0, "bad URL: " + e.getMessage(), Headers.of());
    }
    try (Response response = client.newCall(request).execute()) {
      String text = read(response.body());
      return new HttpAnswer(url, response.code(), text, elapsed(start), null, response.headers());
    } catch (IOException e) {
      return new HttpAnswer(url, 0, "", elapsed(start), describe(e, elapsed(start)), Headers.of());
    }
  }

  /** The last value of response header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** True when a status came back. */
  public boolean answered() {
    return error == null;
  }

  /** A server error (5xx) or no answer at all. */
  public boolean failed() {
    return error != null || status >= 500;
  }

  /** One short line for messages: "HTTP 503: <body start>" or the transport error. */
  public String summary() {
    if (error != null) return error;
    String excerpt = excerpt(body, 120);
    return excerpt.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + excerpt;
  }

  /** The trimmed text on one line, cut to {@code max} characters. */
  public static String excerpt(String text, int max) {
    String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
  }

  private static String read(ResponseBody body) throws IOException {
    if (body == null) return "";
    try (InputStream in = body.byteStream()) {
      byte[] kept = in.readNBytes(MAX_BODY);
      in.transferTo(
          OutputStream.nullOutputStream()); // drain, so keep-alive can reuse the connection
      return new String(kept, StandardCharsets.UTF_8);
    }
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static String describe(IOException e, long millis) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof ConnectException) return "connection refused (" + msg + ")";
    if (e instanceof UnknownHostException) return "unknown host (" + msg + ")";
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return "no answer within " + millis + "ms (" + (msg.isEmpty() ? "timeout" : msg) + ")";
    }
    return e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
  }
}
