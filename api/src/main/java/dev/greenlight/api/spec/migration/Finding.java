package dev.greenlight.api.spec.migration;

/**
 * One problem in a migrations folder.
 *
 * @param file the file's name
 * @param line 1-based line, 0 when the problem is the file as a whole
 * @param rule the rule it breaks; null for a file Greenlight cannot check (name, syntax,
 *     unreadable)
 * @param message what the live color would suffer and what to do instead
 */
public record Finding(String file, int line, Rule rule, String message) {

  /** {@code <file>:<line>: <message>}, or {@code <file>: <message>} without a line. */
  public String position() {
    return line > 0 ? file + ":" + line : file;
  }

  /** The line {@code validate} prints: {@code database.migrations: <file>:<line>: <message>}. */
  public String problem() {
    return "database.migrations: " + position() + ": " + message;
  }
}
