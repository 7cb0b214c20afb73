package dev.greenlight.e2e;

import java.util.List;

/**
 * What one run of {@code bin/greenlight} did.
 *
 * @param args the arguments it was given
 * @param exit its exit code
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
record CliResult(List<String> args, int exit, String out, String err) {

  @Override
  public String toString() {
    return "greenlight "
        + String.join(" ", args)
        + " -> exit "
        + exit
        + "\n--- stdout\n"
        + out
        + "--- stderr\n"
        + err;
  }
}
