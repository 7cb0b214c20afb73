package dev.greenlight.api.spec;

import java.util.List;

/**
 * A command run by the worker: either an argv list (run directly) or one string run by {@code sh
 * -c}. Placeholders {@code ${VERSION}}, {@code ${COLOR}}, {@code ${APP}}, {@code ${RELEASE}} are
 * replaced at run time.
 *
 * @param argv the program and its arguments, or null when {@code shell} is set
 * @param shell a command line for {@code sh -c}, or null when {@code argv} is set
 * @param workDir the directory it runs in (the spec file's directory)
 */
public record Hook(List<String> argv, String shell, String workDir) {

  /** The command as one readable line, for messages. */
  public String display() {
    return shell != null ? shell : String.join(" ", argv);
  }
}
