package dev.greenlight.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/greenlight} as separate processes, as an operator's shell would, and keeps every
 * run's wall time and exit code.
 */
final class CliRunner {
  /** The CLI's exit code for "Temporal unreachable" (CONTRACT.md). */
  static final int EXIT_UNREACHABLE = 5;

  /**
   * One run.
   *
   * @param kind start, approve or status
   * @param exit the exit code, or -1 when it was killed after the timeout
   * @param wallMillis from process start to its end
   * @param out its stdout
   * @param err its stderr
   */
  record Run(String kind, int exit, long wallMillis, String out, String err) {}

  private final Path launcher;
  private final Path dir;
  private final String temporalAddress;
  private final String javaOpts;
  private final Duration timeout;
  private final List<Run> runs = Collections.synchronizedList(new ArrayList<>());

  CliRunner(Path launcher, Path dir, String temporalAddress, String javaOpts, Duration timeout) {
    this.launcher = launcher;
    this.dir = dir;
    this.temporalAddress = temporalAddress;
    this.javaOpts = javaOpts;
    this.timeout = timeout;
  }

  /** Runs {@code greenlight ARGS}; the run is recorded under {@code kind}. */
  Run run(String kind, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "cli-", ".out");
    Path err = Files.createTempFile(dir, "cli-", ".err");
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(
            k -> k.startsWith("TEMPORAL_") || k.startsWith("GREENLIGHT_") || k.endsWith("_KEY"));
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    if (!javaOpts.isEmpty()) env.put("GREENLIGHT_JAVA_OPTS", javaOpts);
    long start = System.nanoTime();
    Process p = pb.start();
    int exit;
    if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      exit = p.exitValue();
    } else {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      exit = -1;
    }
    long wall = (System.nanoTime() - start) / 1_000_000;
    Run run =
        new Run(
            kind,
            exit,
            wall,
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    runs.add(run);
    return run;
  }

  /** Every run of {@code kind} so far. */
  List<Run> runs(String kind) {
    synchronized (runs) {
      return runs.stream().filter(r -> r.kind().equals(kind)).toList();
    }
  }
}
