package dev.greenlight.api.activities;

import java.util.List;

/**
 * The smoke checks run against one color.
 *
 * @param passed true when every check passed
 * @param checks one entry per check
 */
public record SmokeReport(boolean passed, List<CheckResult> checks) {

  /**
   * @param name the check's name
   * @param passed whether it passed
   * @param detail status and latency, or what was wrong
   */
  public record CheckResult(String name, boolean passed, String detail) {}

  /** One line for status: "3/3 passed" or the failures. */
  public String summary() {
    long ok = checks.stream().filter(CheckResult::passed).count();
    StringBuilder sb = new StringBuilder(ok + "/" + checks.size() + " passed");
    for (CheckResult c : checks) {
      if (!c.passed()) sb.append("; ").append(c.name()).append(": ").append(c.detail());
    }
    return sb.toString();
  }
}
