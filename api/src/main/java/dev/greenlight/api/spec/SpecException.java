package dev.greenlight.api.spec;

import java.util.List;

/** A spec that cannot be used: every problem, each starting with its dotted field path. */
public class SpecException extends Exception {
  private final List<String> problems;

  public SpecException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * One line per problem, e.g. {@code router.type: unknown type 'ngnix' (expected one of:
   * command)}.
   */
  public List<String> problems() {
    return problems;
  }
}
