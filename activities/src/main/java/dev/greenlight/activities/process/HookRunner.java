package dev.greenlight.activities.process;

import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.ReleaseVersion;
import io.temporal.failure.ApplicationFailure;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a spec {@link Hook} as a real process: placeholders replaced, GREENLIGHT_* variables set,
 * stdout and stderr merged and the tail kept (bounded, secrets masked), a timeout that kills the
 * whole process tree.
 *
 * <p>Placeholders never become shell code. In an argv hook each {@code ${NAME}} is replaced by its
 * value as it is (no shell reads it). In a string hook (run by {@code sh -c}) each {@code ${NAME}}
 * becomes a reference to the variable {@code GREENLIGHT_NAME}, quoted as one word, so the shell
 * expands it at run time and never parses the value: {@code ./deploy.sh ${VERSION}} runs as {@code
 * ./deploy.sh "${GREENLIGHT_VERSION}"}. And a {@code VERSION} that is not a {@link ReleaseVersion}
 * is refused before anything runs.
 */
public final class HookRunner {
  /** Lines of output kept for messages. */
  public static final int TAIL_LINES = OutputTail.MAX_LINES;

  /** Each placeholder NAME is also the environment variable GREENLIGHT_NAME. */
  public static final String ENV_PREFIX = "GREENLIGHT_";

  /**
   * What a hook did.
   *
   * @param exitCode the exit code, or -1 when it timed out
   * @param tail the last {@link #TAIL_LINES} lines of its output (at most {@link
   *     OutputTail#MAX_CHARS} characters), secrets masked
   * @param timedOut true when it was killed at the timeout
   * @param millis how long it ran
   */
  public record Result(int exitCode, String tail, boolean timedOut, long millis) {
    public boolean ok() {
      return !timedOut && exitCode == 0;
    }
  }

  private HookRunner() {}

  /** Runs {@code hook} with the worker's environment; see the full form. */
  public static Result run(
      Hook hook, Map<String, String> vars, Duration timeout, Runnable heartbeat)
      throws IOException, InterruptedException {
    return run(hook, vars, System.getenv(), List.of(), timeout, heartbeat);
  }

  /**
   * Runs {@code hook}.
   *
   * @param vars placeholder values by name (VERSION, COLOR, APP, RELEASE); each is also exported as
   *     GREENLIGHT_&lt;NAME&gt;
   * @param environment the environment the hook runs with (the worker's own in production)
   * @param secretEnv names of variables in {@code environment} whose values are masked in the tail
   *     besides those named like secrets (e.g. the spec's {@code database.passwordEnv})
   * @param heartbeat called about once a second while the process runs (may be null); if it throws,
   *     the hook is killed and the exception rethrown
   * @throws io.temporal.failure.ApplicationFailure non-retryable, type InvalidVersion, when VERSION
   *     is not a {@link ReleaseVersion} (nothing is run)
   */
  public static Result run(
      Hook hook,
      Map<String, String> vars,
      Map<String, String> environment,
      Collection<String> secretEnv,
      Duration timeout,
      Runnable heartbeat)
      throws IOException, InterruptedException {
    refuseInvalidVersion(vars);
    List<String> command = new ArrayList<>();
    if (hook.shell() != null) {
      command.add("sh");
      command.add("-c");
      command.add(forShell(hook.shell(), vars.keySet()));
    } else {
      for (String a : hook.argv()) command.add(substitute(a, vars));
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            // nobody is there to type: a hook that prompts gets end-of-file instead of waiting for
            // its timeout
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (hook.workDir() != null) pb.directory(Path.of(hook.workDir()).toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(environment);
    vars.forEach((k, v) -> env.put(ENV_PREFIX + k, v));
    // the tail ends up in step details, history and reports: never let a secret the hook saw
    // through
    SecretMask mask = SecretMask.of(env, secretEnv);

    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(
          127, mask.mask("cannot run " + command.get(0) + ": " + e.getMessage()), false, 0);
    }
    OutputTail tail = new OutputTail();
    Thread reader =
        new Thread(
            () -> {
              try (Reader r = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
                tail.read(r);
              } catch (IOException ignored) {
                // the process was killed: what we have is the tail
              }
            },
            "hook-output");
    reader.setDaemon(true);
    reader.start();

    long deadline = start + timeout.toNanos();
    boolean timedOut = false;
    try {
      while (!p.waitFor(
          Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000)),
          TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() >= deadline) {
          timedOut = true;
          kill(p);
          break;
        }
        if (heartbeat != null) heartbeat.run();
      }
    } catch (InterruptedException | RuntimeException e) {
      kill(p); // cancelled (or heartbeat failed): do not leave the hook running
      throw e;
    }
    reader.join(2000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Result(timedOut ? -1 : p.exitValue(), tail.text(mask), timedOut, millis);
  }

  /**
   * Replaces ${NAME} for every var, value as it is (argv hooks). Unknown placeholders are left as
   * they are.
   */
  public static String substitute(String text, Map<String, String> vars) {
    String out = text;
    for (Map.Entry<String, String> e : vars.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  /**
   * {@code script} for {@code sh -c}: each {@code ${NAME}} of {@code names} becomes a reference to
   * the variable GREENLIGHT_NAME, one word wherever it stands: {@code "${GREENLIGHT_NAME}"} outside
   * quotes, {@code ${GREENLIGHT_NAME}} inside double quotes, and inside single quotes the quotes
   * are closed around {@code "${GREENLIGHT_NAME}"}. The value itself is never part of the script,
   * so whatever it holds, the shell does not run it.
   */
  public static String forShell(String script, Collection<String> names) {
    StringBuilder out = new StringBuilder(script.length() + 32);
    char quote = 0; // 0 outside quotes, else the quote we are in
    int i = 0;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (c == '$' && script.startsWith("${", i)) {
        int end = script.indexOf('}', i + 2);
        String name = end < 0 ? null : script.substring(i + 2, end);
        if (name != null && names.contains(name)) {
          String ref = "${" + ENV_PREFIX + name + "}";
          out.append(
              switch (quote) {
                case '"' -> ref;
                case '\'' -> "'\"" + ref + "\"'";
                default -> "\"" + ref + "\"";
              });
          i = end + 1;
          continue;
        }
      }
      out.append(c);
      if (quote == '\'') {
        if (c == '\'') quote = 0;
      } else if (c == '\\' && i + 1 < script.length()) {
        out.append(script.charAt(i + 1)); // an escaped character never opens or closes a quote
        i++;
      } else if (c == '"') {
        quote = quote == '"' ? 0 : '"';
      } else if (c == '\'' && quote == 0) {
        quote = '\'';
      }
      i++;
    }
    return out.toString();
  }

  private static void refuseInvalidVersion(Map<String, String> vars) {
    String version = vars.get("VERSION");
    // a workflow started by some other client could carry anything: refuse it here too
    if (version != null && !ReleaseVersion.valid(version)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the hook was not run: the release version "
              + ReleaseVersion.problem(version)
              + "; start a new release with such a --version",
          "InvalidVersion");
    }
  }

  private static void kill(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(5, TimeUnit.SECONDS);
  }
}
