package dev.greenlight.activities.traffic.command;

import dev.greenlight.activities.process.HookRunner;
import dev.greenlight.activities.process.HookVariables;
import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.router.command.CommandRouterSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Router type {@code command}: the operator's own scripts. {@code switch} sends all traffic to
 * {@code ${COLOR}}; {@code active} prints the live color, one line, {@code blue} or {@code green}.
 * It cannot split traffic, so only 100% is accepted.
 */
public final class CommandRouter implements TrafficRouter {
  /** How long either hook may run. */
  public static final Duration HOOK_TIMEOUT = Duration.ofSeconds(60);

  private final CommandRouterSpec spec;
  private final HookVariables vars;
  private final List<String> secretEnv;

  /**
   * @param vars placeholders shared by both hooks (VERSION, APP, RELEASE); COLOR is added for
   *     {@code switch}
   */
  public CommandRouter(CommandRouterSpec spec, HookVariables vars) {
    this(spec, vars, List.of());
  }

  /**
   * @param secretEnv variables whose values are masked in what the hooks print, besides those named
   *     like secrets (the spec's {@code database.passwordEnv})
   */
  public CommandRouter(CommandRouterSpec spec, HookVariables vars, List<String> secretEnv) {
    this.spec = spec;
    this.vars = vars;
    this.secretEnv = List.copyOf(secretEnv);
  }

  @Override
  public Color liveColor() throws RouterException {
    HookRunner.Result r = run("active", spec.active(), vars);
    String line = lastLine(r.tail());
    try {
      return Color.parse(line);
    } catch (IllegalArgumentException e) {
      throw new RouterException(
          "router.command.active ("
              + spec.active().display()
              + ") must print one line, blue or green; it printed "
              + (line.isEmpty() ? "nothing" : "'" + line + "'"),
          false);
    }
  }

  @Override
  public String route(Color color, int percent) throws RouterException {
    if (percent != 100) {
      throw new RouterException(
          "router type command can only send all traffic (100%) to one color, not "
              + percent
              + "%; use router.steps [100] or a weighted router (haproxy, nginx, embedded)",
          false);
    }
    Color live = liveColor();
    if (live == color) {
      return "already on " + color; // a retry after a crash must not run the switch again
    }
    HookRunner.Result r = run("switch", spec.switchTo(), vars.withColor(color));
    Color after = liveColor();
    if (after != color) {
      throw new RouterException(
          "router.command.switch ("
              + spec.switchTo().display()
              + ") exited 0 but active still reports "
              + after
              + ", not "
              + color
              + "; the switch script must change what the active script prints",
          false);
    }
    String last = lastLine(r.tail());
    return "switched "
        + live
        + " -> "
        + color
        + " in "
        + r.millis()
        + "ms"
        + (last.isEmpty() ? "" : ": " + last);
  }

  private HookRunner.Result run(String name, Hook hook, HookVariables vars) throws RouterException {
    HookRunner.Result r;
    try {
      // tail masked
      r = HookRunner.run(hook, vars.asMap(), System.getenv(), secretEnv, HOOK_TIMEOUT, null);
    } catch (IOException e) {
      throw new RouterException(
          "router.command." + name + " (" + hook.display() + ") could not run: " + e.getMessage(),
          false,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RouterException(
          "router.command." + name + " interrupted (worker shutting down)", true, e);
    }
    if (r.timedOut()) {
      throw new RouterException(
          "router.command."
              + name
              + " ("
              + hook.display()
              + ") did not finish within "
              + HOOK_TIMEOUT.toSeconds()
              + "s and was killed"
              + tail(r.tail()),
          true);
    }
    if (r.exitCode() != 0) {
      // 126/127: the script is missing or not executable, which retrying will not fix
      boolean retryable = !List.of(126, 127).contains(r.exitCode());
      throw new RouterException(
          "router.command."
              + name
              + " ("
              + hook.display()
              + ") exited "
              + r.exitCode()
              + tail(r.tail()),
          retryable);
    }
    return r;
  }

  private static String tail(String tail) {
    return tail.isBlank() ? "" : "; last output:\n" + tail;
  }

  private static String lastLine(String tail) {
    List<String> lines = tail.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
