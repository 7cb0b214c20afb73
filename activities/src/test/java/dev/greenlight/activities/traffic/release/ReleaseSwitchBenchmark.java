package dev.greenlight.activities.traffic.release;

import dev.greenlight.activities.monitor.MonitorActivitiesImpl;
import dev.greenlight.activities.traffic.TrafficActivitiesImpl;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.release.BlueGreenStand.RouterKind;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.api.spec.ReleaseSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Not a test: what a release's traffic steps cost end to end on this machine, per router (HAProxy,
 * the embedded proxy, nginx), through the real traffic and monitor activities and, for the last two
 * figures, the real workflow:
 *
 * <ul>
 *   <li>switch step: {@code switchTo(color, 100)} then {@code verifyServing} (20 consecutive
 *       answers from the new color through the router), as the workflow's switch step runs them,
 *       beside the router's own {@code route(color, 100)} measured in the same run;
 *   <li>approval to switched: from the approve update returning to status showing the new color
 *       live ({@code router.steps: [100]});
 *   <li>rollback: from the breaching monitor sample's timestamp (and from the moment the new color
 *       broke) to the first answer from the old color through the router.
 * </ul>
 *
 * Prints Markdown for BENCHMARKS.md ("Release switch and rollback"), where the command to run it
 * is.
 */
public final class ReleaseSwitchBenchmark {
  private static final Duration INTERVAL = Duration.ofMillis(500);

  public static void main(String[] args) throws Exception {
    int switches = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int releases = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<RouterKind> kinds =
        args.length > 2
            ? Arrays.stream(args[2].split(","))
                .map(s -> RouterKind.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                .toList()
            : List.of(RouterKind.HAPROXY, RouterKind.EMBEDDED, RouterKind.NGINX);
    System.out.println(
        "cores: "
            + Runtime.getRuntime().availableProcessors()
            + ", load average at start: "
            + loadAverage());
    List<String> switchRows = new ArrayList<>();
    List<String> approvalRows = new ArrayList<>();
    List<String> rollbackRows = new ArrayList<>();
    RecordingMonitor monitor = new RecordingMonitor();
    try (ReleaseRunner runner = ReleaseRunner.start(monitor)) {
      for (RouterKind kind : kinds) {
        Path dir = Files.createTempDirectory("bench-release-" + kind.label());
        try (BlueGreenStand stand = BlueGreenStand.start(kind, dir)) {
          switchRows.addAll(switchStep(stand, dir, switches));
          approvalRows.addAll(approvalToSwitched(stand, dir, runner, releases));
          rollbackRows.addAll(rollback(stand, dir, runner, monitor, releases));
        }
        System.out.println("done: " + kind.label() + ", load average " + loadAverage());
      }
    }
    System.out.println();
    System.out.println(
        "Switch step (switchTo + verifyServing, 20 answers) beside the raw router call, "
            + switches
            + " runs each:");
    System.out.println();
    System.out.println(
        "| router | raw route(color, 100) p50 / p95 ms | switchTo activity p50 / p95 ms |"
            + " verifyServing p50 / p95 ms | switch step p50 / p95 ms | step / raw (p50) |");
    System.out.println("|---|---|---|---|---|---|");
    switchRows.forEach(System.out::println);
    System.out.println();
    System.out.println(
        "Approval to switched through the workflow (router.steps [100]), "
            + releases
            + " releases each:");
    System.out.println();
    System.out.println(
        "| router | approve returned to status live = new, p50 / p95 / max ms | of which baseline"
            + " (approval end to switch start) p50 ms | switch step (status times) p50 ms | target"
            + " 1.5 s |");
    System.out.println("|---|---|---|---|---|");
    approvalRows.forEach(System.out::println);
    System.out.println();
    System.out.println(
        "Rollback (monitor.interval "
            + INTERVAL.toMillis()
            + "ms), "
            + releases
            + " releases each:");
    System.out.println();
    System.out.println(
        "| router | breaching sample to first old-color answer p50 / p95 / max ms | new color broke"
            + " to first old-color answer p50 / p95 / max ms | of which waiting for the next sample"
            + " p50 ms | target interval + 1 s |");
    System.out.println("|---|---|---|---|---|");
    rollbackRows.forEach(System.out::println);
    System.out.println();
    System.out.println("load average at the end: " + loadAverage());
  }

  /** The switch step as the workflow runs it, and the router's own call, alternating colors. */
  private static List<String> switchStep(BlueGreenStand stand, Path dir, int runs)
      throws Exception {
    ReleaseSpec spec =
        stand.spec(
            Files.createDirectories(dir.resolve("switch")),
            List.of(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            INTERVAL);
    ReleaseContext ctx = new ReleaseContext("bench-switch", "bench", spec);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new TrafficActivitiesImpl(BlueGreenStand.ENVIRONMENT));
      TrafficActivities traffic =
          env.newActivityStub(
              TrafficActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      TrafficRouter router = BlueGreenStand.freshRouter(spec);
      List<Double> raw = new ArrayList<>();
      List<Double> switchTo = new ArrayList<>();
      List<Double> verify = new ArrayList<>();
      List<Double> step = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        Color to = router.liveColor().other();
        long r0 = System.nanoTime();
        router.route(to, 100);
        raw.add(ms(System.nanoTime() - r0));
        Thread.sleep(300); // let nginx's old workers go; a pause between releases in real life
        Color back = to.other();
        long t0 = System.nanoTime();
        traffic.switchTo(ctx, back, 100);
        long t1 = System.nanoTime();
        traffic.verifyServing(ctx, back);
        long t2 = System.nanoTime();
        switchTo.add(ms(t1 - t0));
        verify.add(ms(t2 - t1));
        step.add(ms(t2 - t0));
        Thread.sleep(300);
      }
      return List.of(
          String.format(
              "| %s | %s | %s | %s | %s | %.1f× |",
              stand.kind().label(),
              p50p95(raw),
              p50p95(switchTo),
              p50p95(verify),
              p50p95(step),
              pct(step, 50) / pct(raw, 50)));
    } finally {
      env.close();
    }
  }

  /**
   * Releases with one straight step: from the approve update's answer to status showing the new
   * color live.
   */
  private static List<String> approvalToSwitched(
      BlueGreenStand stand, Path dir, ReleaseRunner runner, int runs) throws Exception {
    ReleaseSpec spec =
        stand.spec(
            Files.createDirectories(dir.resolve("approval")),
            List.of(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            INTERVAL);
    List<Double> total = new ArrayList<>();
    List<Double> baseline = new ArrayList<>();
    List<Double> switchStep = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      ReleaseWorkflow wf = runner.start(spec, "3.0." + i);
      runner.approve(wf);
      long approved = System.nanoTime();
      ReleaseStatus live =
          ReleaseRunner.await(
              wf,
              s -> s.live() != null && s.live().equals(s.target()),
              Duration.ofSeconds(30),
              Duration.ofMillis(5));
      total.add(ms(System.nanoTime() - approved));
      ReleaseStatus end = ReleaseRunner.awaitEnd(wf, Duration.ofSeconds(60));
      if (end.state() != ReleaseState.SUCCEEDED)
        throw new IllegalStateException("release " + end.id() + " ended " + end.outcome());
      StepRecord approval = step(end, "approval");
      StepRecord sw = step(end, "switch");
      baseline.add(millisBetween(approval.endedAt(), sw.startedAt()));
      switchStep.add(millisBetween(sw.startedAt(), sw.endedAt()));
      if (live.trafficPercent() != 100)
        throw new IllegalStateException("live before 100%: " + live);
    }
    double p95 = pct(total, 95);
    return List.of(
        String.format(
            "| %s | %.0f / %.0f / %.0f | %.0f | %.0f | %s |",
            stand.kind().label(),
            pct(total, 50),
            p95,
            max(total),
            pct(baseline, 50),
            pct(switchStep, 50),
            p95 <= 1500 ? "met" : "missed"));
  }

  /**
   * Releases that go live, then break: the new color starts answering 500 at a random moment within
   * a monitor interval after the switch; the monitor's next sample breaches and the workflow sends
   * traffic back. A client polling the router every 2 ms sees the first old-color answer.
   */
  private static List<String> rollback(
      BlueGreenStand stand, Path dir, ReleaseRunner runner, RecordingMonitor monitor, int runs)
      throws Exception {
    ReleaseSpec spec =
        stand.spec(
            Files.createDirectories(dir.resolve("rollback")),
            List.of(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            INTERVAL);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    List<Double> fromSample = new ArrayList<>();
    List<Double> fromFault = new ArrayList<>();
    List<Double> detect = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      ReleaseWorkflow wf = runner.start(spec, "4.0." + i);
      runner.approve(wf);
      ReleaseStatus live =
          ReleaseRunner.await(
              wf,
              s -> s.live() != null && s.live().equals(s.target()),
              Duration.ofSeconds(30),
              Duration.ofMillis(10));
      Color target = Color.parse(live.target());
      Color old = target.other();
      Thread.sleep(ThreadLocalRandom.current().nextLong(INTERVAL.toMillis()));
      stand.backends().fail(target);
      long brokeAt = System.currentTimeMillis();
      long backAt = firstAnswerFrom(http, stand.port(), old, Duration.ofSeconds(30));
      ReleaseStatus end = ReleaseRunner.awaitEnd(wf, Duration.ofSeconds(60));
      stand.backends().heal(target);
      if (end.state() != ReleaseState.ROLLED_BACK)
        throw new IllegalStateException("release " + end.id() + " ended " + end.outcome());
      MonitorSample breach =
          monitor.samples(end.id()).stream()
              .filter(s -> "ROLLBACK".equals(s.verdict()))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("no breaching sample recorded for " + end.id()));
      long sampledAt = Instant.parse(breach.at()).toEpochMilli();
      fromSample.add((double) (backAt - sampledAt));
      fromFault.add((double) (backAt - brokeAt));
      detect.add((double) (sampledAt - brokeAt));
    }
    double p95 = pct(fromFault, 95);
    return List.of(
        String.format(
            "| %s | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %.0f | %s |",
            stand.kind().label(),
            pct(fromSample, 50),
            pct(fromSample, 95),
            max(fromSample),
            pct(fromFault, 50),
            p95,
            max(fromFault),
            pct(detect, 50),
            p95 <= INTERVAL.toMillis() + 1000 ? "met" : "missed"));
  }

  /**
   * Wall-clock millis of the first 200 from {@code color} through the router, polling every 2 ms.
   */
  private static long firstAnswerFrom(HttpClient http, int port, Color color, Duration timeout)
      throws Exception {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().equals(color.label()))
          return System.currentTimeMillis();
      } catch (IOException e) {
        // a reload closed the connection: the next request opens another
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException(
        "no answer from " + color + " through the router within " + timeout);
  }

  /** The real probe monitor, keeping each release's samples for the rollback figures. */
  static final class RecordingMonitor implements MonitorActivities {
    private final MonitorActivities real = new MonitorActivitiesImpl();
    private final Map<String, List<MonitorSample>> samples = new ConcurrentHashMap<>();

    @Override
    public long baseline(ReleaseContext ctx) {
      return real.baseline(ctx);
    }

    @Override
    public MonitorReport watch(ReleaseContext ctx, Duration length, long baselineP95Ms) {
      MonitorReport report = real.watch(ctx, length, baselineP95Ms);
      samples
          .computeIfAbsent(ctx.releaseId(), k -> Collections.synchronizedList(new ArrayList<>()))
          .addAll(report.samples());
      return report;
    }

    List<MonitorSample> samples(String releaseId) {
      return samples.getOrDefault(releaseId, List.of());
    }
  }

  private static StepRecord step(ReleaseStatus s, String name) {
    return s.steps().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no step " + name + " in " + s));
  }

  private static double millisBetween(String from, String to) {
    return Duration.between(Instant.parse(from), Instant.parse(to)).toMillis();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String p50p95(List<Double> ms) {
    return String.format("%.1f / %.1f", pct(ms, 50), pct(ms, 95));
  }

  private static double max(List<Double> values) {
    return Collections.max(values);
  }

  /** Nearest-rank percentile. */
  private static double pct(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(
        Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
