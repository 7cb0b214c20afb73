package dev.greenlight.api.model;

import java.util.Locale;

/** One of the two identical environments. */
public enum Color {
  BLUE,
  GREEN;

  /** The other environment. */
  public Color other() {
    return this == BLUE ? GREEN : BLUE;
  }

  /** The lower-case name used in specs, status JSON and commands ("blue", "green"). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "blue" or "green" (any case, surrounding blanks ignored). */
  public static Color parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("expected blue or green, got nothing");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("blue")) return BLUE;
    if (t.equals("green")) return GREEN;
    throw new IllegalArgumentException("expected blue or green, got '" + text.trim() + "'");
  }

  @Override
  public String toString() {
    return label();
  }
}
