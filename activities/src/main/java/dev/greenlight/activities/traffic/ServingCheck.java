package dev.greenlight.activities.traffic;

import dev.greenlight.activities.http.HttpAnswer;
import dev.greenlight.activities.http.JsonField;
import dev.greenlight.workflows.model.Color;
import java.time.Duration;
import java.util.Locale;
import okhttp3.OkHttpClient;

/**
 * Proves which color answers through the router: the identity a color reports on its health
 * endpoint (the {@code versionField}, or else the whole trimmed body) is read from the color
 * directly and compared with what comes back through the router, response after response.
 */
public final class ServingCheck {
  private static final long PAUSE_AFTER_MISMATCH_MS = 50;

  private final OkHttpClient client;
  private final String healthPath;
  private final String versionField;

  /**
   * @param client reuses connections like a browser would, so a router that keeps old keep-alive
   *     connections on the old color is caught
   * @param versionField JSON field that identifies a color's build, or null for the whole body
   */
  public ServingCheck(OkHttpClient client, String healthPath, String versionField) {
    this.client = client;
    this.healthPath = healthPath;
    this.versionField = versionField;
  }

  /** A color did not answer through the router in time; the message says what was seen. */
  public static final class NotServing extends Exception {
    public NotServing(String message) {
      super(message);
    }
  }

  /**
   * What an endpoint reports.
   *
   * @param value the identity (version or body), or null when the answer did not carry one
   * @param seen a short description of the answer, for messages
   */
  public record Identity(String value, String seen) {}

  /** Reads the identity the health endpoint under {@code baseUrl} reports. */
  public Identity identify(String baseUrl) {
    HttpAnswer a = HttpAnswer.get(client, baseUrl + healthPath);
    if (a.status() != 200) return new Identity(null, a.summary());
    if (versionField == null) {
      String body = a.body().strip();
      return new Identity(body, "'" + HttpAnswer.excerpt(body, 80) + "'");
    }
    String v = JsonField.read(a.body(), versionField);
    return v == null
        ? new Identity(null, "HTTP 200 without a '" + versionField + "' field: " + HttpAnswer.excerpt(a.body(), 80))
        : new Identity(v, versionField + " '" + v + "'");
  }

  /**
   * Waits until {@code needed} consecutive responses through {@code routerUrl} carry the identity
   * {@code color} reports at {@code colorUrl}.
   *
   * @param otherUrl the other color, read once to tell when both report the same identity
   * @param beat called between requests (heartbeat); may throw to stop
   * @return one line for status
   */
  public String verify(String routerUrl, Color color, String colorUrl, String otherUrl, int needed, Duration timeout,
      Runnable beat) throws NotServing {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Identity expected = null;
    Identity other = null;
    Identity lastMismatch = null;
    String colorProblem = null;
    int run = 0;
    int best = 0;
    int requests = 0;
    long lastBeat = start;
    while (System.nanoTime() < deadline) {
      if (System.nanoTime() - lastBeat > 500_000_000L) {
        beat.run();
        lastBeat = System.nanoTime();
      }
      if (expected == null) {
        Identity own = identify(colorUrl);
        if (own.value() == null) {
          colorProblem = color + " itself answers " + own.seen() + " at " + colorUrl + healthPath;
          pause(200);
          continue;
        }
        expected = own;
        other = identify(otherUrl);
      }
      Identity through = identify(routerUrl);
      requests++;
      if (expected.value().equals(through.value())) {
        run++;
        best = Math.max(best, run);
        if (run >= needed) {
          return success(routerUrl, color, expected, other, needed, requests, start);
        }
      } else {
        run = 0;
        lastMismatch = through;
        pause(PAUSE_AFTER_MISMATCH_MS);
      }
    }
    String within = "within router.verifyTimeout " + seconds(timeout.toNanos());
    if (expected == null) {
      throw new NotServing("cannot tell whether " + color + " serves " + routerUrl + ": " + colorProblem + " (" + within + ")");
    }
    StringBuilder msg = new StringBuilder(color + " is not serving " + routerUrl + healthPath + ": " + best + " of " + needed
        + " consecutive responses came from it " + within + " (" + requests + " requests)");
    if (lastMismatch != null) msg.append("; last other answer: ").append(lastMismatch.seen());
    msg.append("; ").append(color).append(" reports ").append(expected.seen()).append(" directly");
    if (other != null) msg.append(", ").append(color.other()).append(" reports ").append(other.seen());
    throw new NotServing(msg.toString());
  }

  private String success(String routerUrl, Color color, Identity expected, Identity other, int needed, int requests, long start) {
    String took = seconds(System.nanoTime() - start);
    if (other != null && expected.value().equals(other.value())) {
      return needed + " consecutive responses through " + routerUrl + " in " + took + ", but " + color + " and "
          + color.other() + " both report " + expected.seen() + ", so they cannot be told apart";
    }
    String tries = requests == needed ? "" : " (" + requests + " requests)";
    return needed + " consecutive responses through " + routerUrl + " from " + color + " (" + expected.seen() + ") in " + took + tries;
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying the switch", e);
    }
  }
}
