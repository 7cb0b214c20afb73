package dev.greenlight.activities.traffic;

import dev.greenlight.activities.http.HttpAnswer;
import dev.greenlight.activities.http.JsonField;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.RouterSpec;
import java.time.Duration;
import java.util.Locale;
import okhttp3.OkHttpClient;

/**
 * Proves which color answers through the router: the identity a color reports (a response header or
 * JSON field named by {@code router.verify}, else {@code health.versionField} on the health
 * endpoint, else, for specs from before that was required, the whole trimmed body) is read from the
 * color directly and compared with what comes back through the router, response after response.
 * When both colors report the same identity nothing can be proven, and the check fails.
 */
public final class ServingCheck {
  private static final long PAUSE_AFTER_MISMATCH_MS = 50;

  private final OkHttpClient client;
  private final String path;
  private final String field;
  private final String header;

  /** The identity comes from router.verify (set for this purpose), not from health.versionField. */
  private final boolean fromVerify;

  /**
   * @param client reuses connections like a browser would, so a router that keeps old keep-alive
   *     connections on the old color is caught
   * @param path what is requested from each color and through the router
   * @param field JSON field that identifies a color, or null
   * @param header response header that identifies a color, or null; with neither, the whole body
   */
  private ServingCheck(
      OkHttpClient client, String path, String field, String header, boolean fromVerify) {
    this.client = client;
    this.path = path;
    this.field = field;
    this.header = header;
    this.fromVerify = fromVerify;
  }

  /**
   * The check the spec asks for: {@code router.verify} if set, else {@code health.versionField}.
   */
  public static ServingCheck forSpec(OkHttpClient client, ReleaseSpec spec) {
    RouterSpec.VerifySpec verify = spec.router().verify();
    return verify != null
        ? new ServingCheck(client, verify.path(), verify.field(), verify.header(), true)
        : new ServingCheck(client, spec.health().path(), spec.health().versionField(), null, false);
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

  /** Reads the identity the endpoint under {@code baseUrl} reports. */
  public Identity identify(String baseUrl) {
    HttpAnswer a = HttpAnswer.get(client, baseUrl + path);
    if (a.status() != 200) return new Identity(null, a.summary());
    if (header != null) {
      String v = a.header(header);
      return v == null || v.isBlank()
          ? new Identity(null, "HTTP 200 without a '" + header + "' header")
          : new Identity(v.strip(), header + " '" + HttpAnswer.excerpt(v, 80) + "'");
    }
    if (field == null) {
      String body = a.body().strip();
      return new Identity(body, "'" + HttpAnswer.excerpt(body, 80) + "'");
    }
    String v = JsonField.read(a.body(), field);
    return v == null
        ? new Identity(
            null, "HTTP 200 without a '" + field + "' field: " + HttpAnswer.excerpt(a.body(), 80))
        : new Identity(v, field + " '" + HttpAnswer.excerpt(v, 80) + "'");
  }

  /**
   * Waits until {@code needed} consecutive responses through {@code routerUrl} carry the identity
   * {@code color} reports at {@code colorUrl}.
   *
   * @param otherUrl the other color, read directly: when it reports the same identity, nothing is
   *     proven and the check fails
   * @param beat called between requests (heartbeat); may throw to stop
   * @return one line for status
   */
  public String verify(
      String routerUrl,
      Color color,
      String colorUrl,
      String otherUrl,
      int needed,
      Duration timeout,
      Runnable beat)
      throws NotServing {
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
          colorProblem = color + " itself answers " + own.seen() + " at " + colorUrl + path;
          pause(200);
          continue;
        }
        expected = own;
        other = identify(otherUrl);
        if (expected.value().equals(other.value()))
          throw indistinguishable(routerUrl, color, expected);
      }
      Identity through = identify(routerUrl);
      requests++;
      if (expected.value().equals(through.value())) {
        run++;
        best = Math.max(best, run);
        if (run >= needed) {
          if (other.value() == null) {
            // the other color did not answer at first; had it answered alike, these matches prove
            // nothing
            other = identify(otherUrl);
            if (expected.value().equals(other.value()))
              throw indistinguishable(routerUrl, color, expected);
          }
          return success(routerUrl, color, expected, needed, requests, start);
        }
      } else {
        run = 0;
        lastMismatch = through;
        pause(PAUSE_AFTER_MISMATCH_MS);
      }
    }
    String within = "within router.verifyTimeout " + seconds(timeout.toNanos());
    if (expected == null) {
      throw new NotServing(
          "cannot tell whether "
              + color
              + " serves "
              + routerUrl
              + ": "
              + colorProblem
              + " ("
              + within
              + ")");
    }
    StringBuilder msg =
        new StringBuilder(
            color
                + " is not serving "
                + routerUrl
                + path
                + ": "
                + best
                + " of "
                + needed
                + " consecutive responses came from it "
                + within
                + " ("
                + requests
                + " requests)");
    if (lastMismatch != null) msg.append("; last other answer: ").append(lastMismatch.seen());
    msg.append("; ").append(color).append(" reports ").append(expected.seen()).append(" directly");
    if (other != null)
      msg.append(", ").append(color.other()).append(" reports ").append(other.seen());
    throw new NotServing(msg.toString());
  }

  private NotServing indistinguishable(String routerUrl, Color color, Identity both) {
    String remedy =
        fromVerify
            ? "router.verify must name something that differs between the colors (each its own "
                + (header != null ? header + " header" : field)
                + ")"
            : field != null
                ? "health.versionField tells the colors apart only while they run different"
                    + " versions; to release the version already live, set router.verify:"
                    + " {header: X-Color} to a header that names the color"
                : "set health.versionField, or router.verify: {header: X-Color} to a header that"
                    + " names the color";
    return new NotServing(
        "cannot prove that "
            + color
            + " serves "
            + routerUrl
            + ": "
            + color
            + " and "
            + color.other()
            + " both report "
            + both.seen()
            + " directly, so answers through the router cannot be told apart; "
            + remedy);
  }

  private String success(
      String routerUrl, Color color, Identity expected, int needed, int requests, long start) {
    String took = seconds(System.nanoTime() - start);
    String tries = requests == needed ? "" : " (" + requests + " requests)";
    return needed
        + " consecutive responses through "
        + routerUrl
        + " from "
        + color
        + " ("
        + expected.seen()
        + ") in "
        + took
        + tries;
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
