package dev.greenlight.activities.process;

import dev.greenlight.api.spec.DatabaseSpec;
import dev.greenlight.api.spec.ReleaseSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks secret values in text that Greenlight records (hook output goes into step details, the
 * history, the archive and the reports). A value is secret when the env var holding it is named
 * like one ({@code *PASSWORD*}, {@code *SECRET*}, {@code *TOKEN*}, {@code *API_KEY*}, ...) or is
 * named explicitly (e.g. a spec's {@code database.passwordEnv}).
 *
 * <pre>{@code
 * String tail = SecretMask.of(processBuilder.environment(), List.of()).mask(output);
 * }</pre>
 */
public final class SecretMask {
  /** What replaces a secret. */
  public static final String MASK = "********";

  /** Names of env vars whose values are treated as secrets. */
  static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL).*");

  /**
   * Shorter values are not masked: masking "1" or "true" everywhere would garble output, not
   * protect it.
   */
  static final int MIN_LENGTH = 6;

  private final List<String> secrets;

  private SecretMask(List<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * The secrets in {@code environment}: values of variables named like secrets, and of the
   * variables in {@code secretNames}.
   */
  public static SecretMask of(Map<String, String> environment, Collection<String> secretNames) {
    List<String> values = new ArrayList<>();
    environment.forEach(
        (name, value) -> {
          if (value != null
              && value.length() >= MIN_LENGTH
              && (SECRET_NAME.matcher(name).matches() || secretNames.contains(name))) {
            values.add(value);
            // a multi-line secret (a key file) also shows line by line in a tail that starts
            // mid-way
            if (value.indexOf('\n') >= 0) {
              value
                  .lines()
                  .map(String::strip)
                  .filter(l -> l.length() >= MIN_LENGTH)
                  .forEach(values::add);
            }
          }
        });
    values.sort(
        Comparator.comparingInt(String::length)
            .reversed()); // a secret containing another goes first
    return new SecretMask(List.copyOf(values));
  }

  /**
   * The variables {@code spec} says hold secrets although they may not be named like one: the
   * database password's ({@code database.passwordEnv}).
   */
  public static List<String> namedBy(ReleaseSpec spec) {
    DatabaseSpec db = spec.database();
    return db == null || db.passwordEnv() == null ? List.of() : List.of(db.passwordEnv());
  }

  /** {@code text} with every secret replaced by {@link #MASK}; null stays null. */
  public String mask(String text) {
    if (text == null) return null;
    String out = text;
    for (String s : secrets) out = out.replace(s, MASK);
    return out;
  }

  /**
   * {@code text}, masked, that was cut right after its last character: an unmasked start of a
   * secret the cut went through is dropped too.
   */
  public String maskBeforeCut(String text) {
    String out = mask(text);
    int drop = 0;
    for (String s : secrets) {
      for (int k = Math.min(s.length() - 1, out.length()); k > drop; k--) {
        if (out.endsWith(s.substring(0, k))) {
          drop = k;
          break;
        }
      }
    }
    return out.substring(0, out.length() - drop);
  }

  /** How many secret values this mask knows (for a test or a log line; never the values). */
  public int size() {
    return secrets.size();
  }
}
