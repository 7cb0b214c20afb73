package dev.greenlight.activities.process;

import dev.greenlight.activities.audit.SecretMask;
import dev.greenlight.workflows.spec.Hook;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a spec {@link Hook} as a real process: placeholders replaced, GREENLIGHT_* variables set,
 * stdout and stderr merged and the tail kept, a timeout that kills the whole process tree.
 */
public final class HookRunner {
  /** Lines of output kept for messages. */
  public static final int TAIL_LINES = 20;

  /**
   * What a hook did.
   *
   * @param exitCode the exit code, or -1 when it timed out
   * @param tail the last {@link #TAIL_LINES} lines of its output
   * @param timedOut true when it was killed at the timeout
   * @param millis how long it ran
   */
  public record Result(int exitCode, String tail, boolean timedOut, long millis) {
    public boolean ok() {
      return !timedOut && exitCode == 0;
    }
  }

  private HookRunner() {}

  /**
   * Runs {@code hook}.
   *
   * @param vars placeholder values by name (VERSION, COLOR, APP, RELEASE); each is also exported
   *     as GREENLIGHT_&lt;NAME&gt;
   * @param heartbeat called about once a second while the process runs (may be null)
   */
  public static Result run(Hook hook, Map<String, String> vars, Duration timeout, Runnable heartbeat)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (hook.shell() != null) {
      command.add("sh");
      command.add("-c");
      command.add(substitute(hook.shell(), vars));
    } else {
      for (String a : hook.argv()) command.add(substitute(a, vars));
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        // nobody is there to type: a hook that prompts gets end-of-file instead of waiting for its timeout
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (hook.workDir() != null) pb.directory(Path.of(hook.workDir()).toFile());
    Map<String, String> env = pb.environment();
    vars.forEach((k, v) -> env.put("GREENLIGHT_" + k, v));

    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(127, "cannot run " + command.get(0) + ": " + e.getMessage(), false, 0);
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (tail) {
            tail.addLast(line);
            while (tail.size() > TAIL_LINES) tail.removeFirst();
          }
        }
      } catch (IOException ignored) {
        // the process was killed: what we have is the tail
      }
    }, "hook-output");
    reader.setDaemon(true);
    reader.start();

    long deadline = start + timeout.toNanos();
    boolean timedOut = false;
    try {
      while (!p.waitFor(Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
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
    String out;
    synchronized (tail) {
      out = String.join("\n", tail);
    }
    // the tail ends up in step details, history and reports: never let a secret the hook saw through
    out = SecretMask.of(env, List.of()).mask(out);
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Result(timedOut ? -1 : p.exitValue(), out, timedOut, millis);
  }

  /** Replaces ${NAME} for every var. Unknown placeholders are left as they are. */
  public static String substitute(String text, Map<String, String> vars) {
    String out = text;
    for (Map.Entry<String, String> e : vars.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  private static void kill(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(5, TimeUnit.SECONDS);
  }
}
