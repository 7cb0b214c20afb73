package dev.greenlight.api.approval;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the {@code ssh-keygen} allowed-signers format: one key a line, {@code principals [options]
 * keytype base64 [comment]}; blank lines and {@code #} comments are skipped. Of the options, {@code
 * namespaces="..."} is honoured (a line whose namespaces exclude {@code greenlight} does not
 * apply); {@code cert-authority}, {@code valid-after} and {@code valid-before} are refused
 * (Greenlight verifies plain keys, and a signature's time is not what the workflow can trust).
 */
public final class AllowedSigners {
  /** The namespace every Greenlight approval is signed in. */
  public static final String NAMESPACE = "greenlight";

  /** A signers file is a few KB; a larger one is a mistake. */
  public static final int MAX_BYTES = 64 * 1024;

  /** Keys kept at most. */
  public static final int MAX_KEYS = 200;

  private AllowedSigners() {}

  /** The keys of {@code text}, and every problem as {@code line N: why} in {@code problems}. */
  public static List<AllowedSigner> parse(String text, List<String> problems) {
    List<AllowedSigner> keys = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 1; n <= lines.length; n++) {
      String line = lines[n - 1].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      try {
        AllowedSigner key = parseLine(line, n);
        if (key != null) keys.add(key);
      } catch (IllegalArgumentException e) {
        problems.add("line " + n + ": " + e.getMessage());
      }
    }
    if (keys.size() > MAX_KEYS) {
      problems.add("more than " + MAX_KEYS + " keys");
    }
    return keys;
  }

  private static AllowedSigner parseLine(String line, int n) {
    List<String> tokens = tokens(line);
    if (tokens.size() < 3) {
      throw new IllegalArgumentException(
          "expected 'principals keytype base64-key' (e.g. alice ssh-ed25519 AAAA...)");
    }
    List<String> principals = splitOutsideQuotes(unquote(tokens.get(0)));
    int at = 1;
    boolean applies = true;
    if (!looksLikeKeyType(tokens.get(1))) {
      applies = options(tokens.get(1));
      at = 2;
    }
    if (tokens.size() < at + 2) {
      throw new IllegalArgumentException("the key is missing after the key type");
    }
    String type = tokens.get(at);
    if (!SshKey.TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "unsupported key type "
              + SshBuffer.printable(type)
              + " (supported: "
              + String.join(", ", SshKey.TYPES)
              + ")");
    }
    String base64 = tokens.get(at + 1);
    SshKey.parse(type, base64); // refuses a damaged key now, not at the first approval
    for (String p : principals) {
      if (p.isBlank()) throw new IllegalArgumentException("an empty principal");
    }
    return applies ? new AllowedSigner(List.copyOf(principals), type, base64, n) : null;
  }

  private static boolean looksLikeKeyType(String token) {
    return token.startsWith("ssh-") || token.startsWith("ecdsa-") || token.startsWith("sk-");
  }

  /** False when the line's namespaces leave out greenlight. */
  private static boolean options(String token) {
    boolean applies = true;
    for (String option : splitOutsideQuotes(token)) {
      int eq = option.indexOf('=');
      String name = (eq < 0 ? option : option.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
      String value = eq < 0 ? null : unquote(option.substring(eq + 1));
      switch (name) {
        case "namespaces" -> {
          if (value == null) throw new IllegalArgumentException("namespaces needs a value");
          applies = false;
          for (String ns : value.split(",")) {
            if (AllowedSigner.glob(ns.strip(), NAMESPACE)) applies = true;
          }
        }
        case "cert-authority", "valid-after", "valid-before" ->
            throw new IllegalArgumentException(
                "the option " + name + " is not supported (list each approver's plain public key)");
        default ->
            throw new IllegalArgumentException(
                "unknown option " + SshBuffer.printable(name) + " (namespaces= is supported)");
      }
    }
    return applies;
  }

  /** Whitespace-separated tokens; double quotes keep spaces inside a token. */
  private static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') quoted = !quoted;
      if (!quoted && Character.isWhitespace(c)) {
        if (cur.length() > 0) out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) throw new IllegalArgumentException("an unclosed quote");
    if (cur.length() > 0) out.add(cur.toString());
    return out;
  }

  private static List<String> splitOutsideQuotes(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char c : s.toCharArray()) {
      if (c == '"') quoted = !quoted;
      if (!quoted && c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
