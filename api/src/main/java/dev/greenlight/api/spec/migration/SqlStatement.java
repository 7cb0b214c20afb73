package dev.greenlight.api.spec.migration;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One statement of a script, without its terminating semicolon.
 *
 * @param tokens its tokens, comments left out
 * @param line the line its first token is on
 */
public record SqlStatement(List<SqlToken> tokens, int line) {

  /** The statement as one line of its tokens, for messages. */
  public String text() {
    return tokens.stream().map(SqlToken::text).collect(Collectors.joining(" "));
  }

  /** Whether it starts with these words (case-insensitive). */
  public boolean startsWith(String... words) {
    if (tokens.size() < words.length) return false;
    for (int i = 0; i < words.length; i++) if (!tokens.get(i).is(words[i])) return false;
    return true;
  }

  /**
   * Splits a script's tokens at its top-level semicolons, as PostgreSQL and Flyway do: a semicolon
   * inside a string, a quoted name or a dollar-quoted body is one token already, and the body of a
   * {@code BEGIN ATOMIC ... END} function runs to its own {@code END}.
   */
  public static List<SqlStatement> split(List<SqlToken> tokens) {
    List<SqlStatement> out = new java.util.ArrayList<>();
    List<SqlToken> current = new java.util.ArrayList<>();
    int atomicDepth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken t = tokens.get(i);
      if (t.isSymbol(";") && atomicDepth == 0) {
        if (!current.isEmpty()) out.add(new SqlStatement(List.copyOf(current), lineOf(current)));
        current.clear();
        continue;
      }
      if (t.is("atomic") && !current.isEmpty() && current.get(current.size() - 1).is("begin")) {
        atomicDepth = 1;
      } else if (atomicDepth > 0 && t.is("case")) {
        atomicDepth++;
      } else if (atomicDepth > 0 && t.is("end")) {
        atomicDepth--;
      }
      current.add(t);
    }
    if (!current.isEmpty()) out.add(new SqlStatement(List.copyOf(current), lineOf(current)));
    return out;
  }

  private static int lineOf(List<SqlToken> tokens) {
    return tokens.get(0).line();
  }
}
