package dev.greenlight.api.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spec durations: a whole number and a unit, {@code 500ms}, {@code 10s}, {@code 15m}, {@code 24h},
 * at most {@link #MAX} (365d): a larger one is a typo, and would overflow a timer.
 */
public final class Durations {
  /** The longest duration a spec may give. */
  public static final Duration MAX = Duration.ofDays(365);

  private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** Parses a spec duration; throws IllegalArgumentException with a message fit for an operator. */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (expected a number and a unit: 500ms, 10s, 15m, 24h)");
    }
    String digits = m.group(1).replaceFirst("^0+(?=\\d)", "");
    long unitMillis =
        switch (m.group(2)) {
          case "ms" -> 1L;
          case "s" -> 1_000L;
          case "m" -> 60_000L;
          case "h" -> 3_600_000L;
          default -> 86_400_000L;
        };
    // at most 12 digits can be within MAX in any unit; compare before multiplying, so nothing
    // overflows
    if (digits.length() > 12 || Long.parseLong(digits) > MAX.toMillis() / unitMillis) {
      throw new IllegalArgumentException("'" + text.trim() + "' is too long (at most 365d)");
    }
    return Duration.ofMillis(Long.parseLong(digits) * unitMillis);
  }

  /** The shortest spec form of a duration, e.g. 90s, 15m, 1500ms. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }
}
