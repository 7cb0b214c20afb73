package dev.greenlight.activities.traffic.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenlight.api.model.Color;
import java.io.IOException;

/**
 * How the embedded proxy splits traffic, and which color is live. JSON form (state file and admin
 * endpoint): {@code {"blue":90,"green":10,"live":"blue"}}.
 *
 * @param blue relative weight of blue (0 or more)
 * @param green relative weight of green (0 or more)
 * @param live the color carrying the larger share; on a tie, the color that was live before
 */
public record Weights(int blue, int green, Color live) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** All traffic on blue: what a proxy starts with when it has no state file. */
  public static final Weights ALL_BLUE = new Weights(100, 0, Color.BLUE);

  public Weights {
    if (blue < 0 || green < 0) {
      throw new IllegalArgumentException(
          "weights must be 0 or more, got blue " + blue + ", green " + green);
    }
    if (blue + green == 0) {
      throw new IllegalArgumentException("at least one color needs a weight above 0");
    }
    if (live == null) throw new IllegalArgumentException("live color is missing");
  }

  /**
   * New weights; the live color follows the larger share and stays {@code previousLive} on a tie.
   */
  public static Weights of(int blue, int green, Color previousLive) {
    Color live = blue > green ? Color.BLUE : green > blue ? Color.GREEN : previousLive;
    return new Weights(blue, green, live);
  }

  /** {@code percent}% on {@code color}, the rest on the other one. */
  public static Weights percentOn(Color color, int percent, Color previousLive) {
    if (percent < 0 || percent > 100)
      throw new IllegalArgumentException("percent " + percent + " is outside 0..100");
    return color == Color.BLUE
        ? of(percent, 100 - percent, previousLive)
        : of(100 - percent, percent, previousLive);
  }

  /** The weight of one color. */
  public int weight(Color color) {
    return color == Color.BLUE ? blue : green;
  }

  /** The share of traffic {@code color} gets, in percent (rounded). */
  public int percent(Color color) {
    return Math.round(100f * weight(color) / (blue + green));
  }

  /** True when both split traffic the same way (the live color aside). */
  public boolean sameSplit(Weights other) {
    return (long) blue * (other.blue + other.green) == (long) other.blue * (blue + green);
  }

  /** One line for status and logs, e.g. "blue 90%, green 10% (live blue)". */
  public String describe() {
    return "blue "
        + percent(Color.BLUE)
        + "%, green "
        + percent(Color.GREEN)
        + "% (live "
        + live.label()
        + ")";
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("blue", blue);
    n.put("green", green);
    n.put("live", live.label());
    return n.toString();
  }

  /**
   * Parses the JSON form. {@code live} is optional (it then follows the larger share, or stays
   * {@code previousLive} on a tie).
   *
   * @throws IllegalArgumentException with a message fit for an operator
   */
  public static Weights fromJson(String json, Color previousLive) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON; expected {\"blue\":0,\"green\":100}");
    }
    if (n == null || !n.isObject())
      throw new IllegalArgumentException("expected {\"blue\":0,\"green\":100}");
    int blue = weightField(n, "blue");
    int green = weightField(n, "green");
    JsonNode live = n.get("live");
    if (live != null && !live.isNull()) {
      Color named = Color.parse(live.asText());
      Weights w = of(blue, green, named);
      if (w.live() != named) {
        throw new IllegalArgumentException(
            "live is " + named.label() + " but " + w.live().label() + " has the larger weight");
      }
      return w;
    }
    return of(blue, green, previousLive);
  }

  private static int weightField(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(
          "'" + name + "' must be a whole number; expected {\"blue\":0,\"green\":100}");
    }
    return v.asInt();
  }
}
