package dev.greenlight.client;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Release ids: {@code <app>-<version>-<4 random lower-case letters or digits>}, also the Temporal
 * workflow id. The version part keeps letters, digits, dots, dashes and underscores; anything else
 * becomes a (single) dash so the id stays safe to paste into a shell.
 */
public final class ReleaseId {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Random RANDOM = new SecureRandom();

  private ReleaseId() {}

  /** A fresh id for a release of {@code app} at {@code version}. */
  public static String generate(String app, String version) {
    StringBuilder sb = new StringBuilder(app).append('-').append(idSafe(version)).append('-');
    for (int i = 0; i < 4; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /**
   * The version as it appears in an id, e.g. {@code 2.0.0+build 7} becomes {@code 2.0.0-build-7}.
   */
  public static String idSafe(String version) {
    String s = version.trim().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-{2,}", "-");
    s = s.replaceAll("^-+|-+$", "");
    if (s.length() > 64) s = s.substring(0, 64);
    return s.isEmpty() ? "v" : s;
  }
}
