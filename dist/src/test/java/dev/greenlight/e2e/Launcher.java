package dev.greenlight.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/greenlight} as a process, as an operator's shell would. */
final class Launcher {
  private Launcher() {}

  /**
   * Runs {@code bin/greenlight ARGS} in {@code dir} with {@code env} added to a clean operator
   * environment (no database password, no Greenlight settings of the machine running the tests).
   *
   * @throws AssertionError when it does not end within {@code timeout} (it is killed then)
   */
  static CliResult run(Path dir, Map<String, String> env, Duration timeout, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "cli-", ".out");
    Path err = Files.createTempFile(dir, "cli-", ".err");
    List<String> command = new ArrayList<>(List.of(ReleaseStack.LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> environment = pb.environment();
    for (String name :
        List.of(
            ReleaseStack.PASSWORD_ENV,
            "GREENLIGHT_USER",
            "GREENLIGHT_TASK_QUEUE",
            "TEMPORAL_NAMESPACE",
            "TEMPORAL_ADDRESS",
            "DEMO_DB_PASSWORD")) {
      environment.remove(name);
    }
    // a short-lived JVM starts faster without the optimizing compiler
    environment.put("GREENLIGHT_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    environment.putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            "greenlight "
                + String.join(" ", args)
                + " did not end within "
                + timeout.toSeconds()
                + "s\n--- stdout\n"
                + ReleaseStack.read(out)
                + "--- stderr\n"
                + ReleaseStack.read(err));
      }
      return new CliResult(
          List.of(args), p.exitValue(), ReleaseStack.read(out), ReleaseStack.read(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
