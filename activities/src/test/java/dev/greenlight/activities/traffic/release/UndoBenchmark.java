package dev.greenlight.activities.traffic.release;

import dev.greenlight.activities.traffic.release.BlueGreenStand.RouterKind;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.api.spec.ReleaseSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: how long {@code greenlight undo} takes on this machine, per router, from the command
 * to the switch being proven: a release goes live ({@code router.steps: [100]}, a 1 s monitor
 * window), then an undo ({@code undo: {approval: none}}) is started through the client the CLI uses
 * ({@code AppOperations.undo}: the app's workflow takes it and starts the undo workflow) and its
 * status is polled every 5 ms until it has ended. The undo checks the other color (one GET of its
 * health endpoint), switches all traffic back and proves it (20 consecutive answers from the old
 * color through the router). Repeated {@code undos} times per router: each round releases to green
 * and undoes back to blue.
 *
 * <p>Prints Markdown for BENCHMARKS.md ("Undo"), where the command to run it is.
 *
 * <pre>UndoBenchmark [undos=10] [routers=haproxy,embedded]</pre>
 */
public final class UndoBenchmark {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  public static void main(String[] args) throws Exception {
    int undos = 10;
    List<RouterKind> routers = List.of(RouterKind.HAPROXY, RouterKind.EMBEDDED);
    for (String a : args) {
      if (a.startsWith("undos=")) undos = Integer.parseInt(a.substring(6));
      if (a.startsWith("routers=")) {
        routers =
            Arrays.stream(a.substring(8).split(","))
                .map(r -> RouterKind.valueOf(r.trim().toUpperCase(Locale.ROOT)))
                .toList();
      }
    }
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    List<String> rows = new ArrayList<>();
    for (RouterKind kind : routers) rows.add(run(kind, undos));
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

    System.out.println();
    System.out.println(
        "| router | undos | command to undo id p50 / p95 ms | command to switch proven (status"
            + " SUCCEEDED) p50 / p95 / max ms | of which switch step (switch + verify) p50 ms |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println();
    System.out.println("load average before: " + loadBefore + "; after: " + loadAfter);
    System.exit(0);
  }

  private static String run(RouterKind kind, int undos) throws Exception {
    Path dir = Files.createTempDirectory("undo-bench-" + kind.label());
    List<Long> toId = new ArrayList<>();
    List<Long> toProven = new ArrayList<>();
    List<Long> switchStep = new ArrayList<>();
    try (AppRunner runner = AppRunner.start();
        BlueGreenStand stand = BlueGreenStand.start(kind, dir)) {
      ReleaseSpec spec =
          AppRunner.undoWithoutApproval(
              stand.spec(
                  dir,
                  List.of(100),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(1),
                  Duration.ofMillis(500)));
      for (int i = 0; i <= undos; i++) { // the first round warms the JVM and is not counted
        ReleaseStatus released = runner.release(spec, "2.0." + i, LIMIT);
        if (released.state() != ReleaseState.SUCCEEDED)
          throw new IllegalStateException("release failed: " + released.outcome());
        long t0 = System.nanoTime();
        String id = runner.apps().undo("shop", "dave", "benchmark");
        long t1 = System.nanoTime();
        ReleaseStatus end = runner.await(id, s -> s.state().finished(), LIMIT);
        long t2 = System.nanoTime();
        if (end.state() != ReleaseState.SUCCEEDED)
          throw new IllegalStateException("undo failed: " + end.outcome());
        StepRecord sw =
            end.steps().stream().filter(s -> s.name().equals("switch")).findFirst().orElseThrow();
        long stepMs =
            Duration.between(Instant.parse(sw.startedAt()), Instant.parse(sw.endedAt())).toMillis();
        System.out.printf(
            "%s undo %d: id after %d ms, proven after %d ms (switch step %d ms): %s%n",
            kind.label(), i, (t1 - t0) / 1_000_000, (t2 - t0) / 1_000_000, stepMs, end.outcome());
        if (i > 0) {
          toId.add((t1 - t0) / 1_000_000);
          toProven.add((t2 - t0) / 1_000_000);
          switchStep.add(stepMs);
        }
        for (int w = 0; w < 400 && runner.apps().view("shop").running() != null; w++) {
          Thread.sleep(5);
        }
      }
    }
    return String.format(
        "| %s | %d | %d / %d | %d / %d / %d | %d |",
        kind.label(),
        undos,
        pct(toId, 50),
        pct(toId, 95),
        pct(toProven, 50),
        pct(toProven, 95),
        Collections.max(toProven),
        pct(switchStep, 50));
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
  }
}
