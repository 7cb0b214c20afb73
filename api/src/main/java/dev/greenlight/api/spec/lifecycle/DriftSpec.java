package dev.greenlight.api.spec.lifecycle;

import dev.greenlight.api.spec.Hook;
import java.util.List;

/**
 * What must match on both colors before traffic moves.
 *
 * @param fields dotted JSON fields of the health body (e.g. {@code config.hash}) compared between
 *     the colors; may be empty when {@code command} is set
 * @param command a hook run once per color ({@code ${COLOR}}) that prints a fingerprint on stdout;
 *     the fingerprints must be equal; or null
 * @param mode {@code fail} (default: a mismatch fails the release before the switch) or {@code
 *     warn} (the mismatch is recorded and the release goes on)
 */
public record DriftSpec(List<String> fields, Hook command, String mode) {
  public static final String FAIL = "fail";
  public static final String WARN = "warn";

  public boolean warnOnly() {
    return WARN.equals(mode);
  }
}
