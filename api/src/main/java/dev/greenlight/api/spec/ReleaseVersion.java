package dev.greenlight.api.spec;

import java.util.regex.Pattern;

/**
 * The one rule for a release version ({@code start --version}, {@code ${VERSION}} in hooks): a
 * letter or digit, then up to 63 letters, digits, {@code .}, {@code _}, {@code +} or {@code -}.
 * Semantic versions ({@code 2.0.0-rc.1+build.7}) fit; spaces, quotes, {@code $}, backticks, {@code
 * ;}, {@code &}, {@code |}, slashes and control characters do not, so a version can never change
 * what a hook or a shell runs, nor forge a row in {@code list}.
 */
public final class ReleaseVersion {
  /** The rule in words, for error messages. */
  public static final String RULE =
      "a letter or digit, then at most 63 letters, digits, '.', '_', '+' or '-' (e.g. 2.0.0 or"
          + " 2.0.0-rc.1+build.7)";

  private static final Pattern PATTERN = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,63}");

  private ReleaseVersion() {}

  /** True when {@code version} follows the rule exactly (nothing trimmed). */
  public static boolean valid(String version) {
    return version != null && PATTERN.matcher(version).matches();
  }

  /**
   * Why {@code version} is not a release version, or null when it is. The message quotes the value
   * with control characters shown as escapes, so it cannot garble the terminal it is printed on.
   */
  public static String problem(String version) {
    if (valid(version)) return null;
    if (version == null || version.isEmpty())
      return "the version must not be empty; it must be " + RULE;
    return "'" + printable(version) + "' is not a release version: it must be " + RULE;
  }

  /** {@code text} cut to 80 characters, control characters as \n, \t, \\u001b, ... */
  static String printable(String text) {
    String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    StringBuilder sb = new StringBuilder();
    for (char c : cut.toCharArray()) {
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isISOControl(c)) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.toString();
  }
}
