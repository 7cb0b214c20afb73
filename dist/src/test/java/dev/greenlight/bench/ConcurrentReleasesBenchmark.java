package dev.greenlight.bench;

import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.bench.BenchStack.App;
import dev.greenlight.bench.CliRunner.Run;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Drives N concurrent releases through the public CLI against the Java test server and ONE {@code
 * greenlight worker} process, and prints what issue 16 asks about: sample jitter, time from each
 * rollback's breach to its first traffic action, worker RSS and threads, CLI wall times and exit
 * 5s. Not a test (no *Test / *IT name): run it by hand, see BENCHMARKS.md.
 *
 * <ol>
 *   <li>Start: every app's release ({@code bin/greenlight start}, {@code parallelism} processes at
 *       once, for the first {@code cli} apps; {@code ReleaseClient.start} in this JVM for the
 *       others, two at a time).
 *   <li>Wait until every release awaits approval (status read in this JVM).
 *   <li>Approve them all (good apps first, bad ones last), the same split between CLI and client.
 *   <li>While every release monitors, {@code statusChecks} {@code bin/greenlight status --json}
 *       runs read running releases. Two intervals after the last of them, the bad apps' green
 *       starts answering 500 to the probe: each bad one must roll back.
 *   <li>Wait until every release ended, then read each one's status and history.
 * </ol>
 */
public final class ConcurrentReleasesBenchmark {
  private static final String INITIATOR = "bench";
  private static final String APPROVER = "alice";

  private final BenchSettings settings;
  private final Path root;
  private final Path dir;
  private final Map<String, Instant> phases = new LinkedHashMap<>();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final Map<App, String> ids = new ConcurrentHashMap<>();
  private final List<Long> clientStartMillis = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> clientApproveMillis = Collections.synchronizedList(new ArrayList<>());

  private ConcurrentReleasesBenchmark(BenchSettings settings, Path root, Path dir) {
    this.settings = settings;
    this.root = root;
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    // the test server in this JVM logs every workflow task that times out on a busy worker, with
    // its whole start request; the histories count those (taskTimeouts), so keep the console clean
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.temporal"))
        .setLevel(ch.qos.logback.classic.Level.OFF);
    BenchSettings settings;
    try {
      settings = BenchSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ConcurrentReleasesBenchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path root = repositoryRoot();
    Path dir =
        settings.dir() == null
            ? Files.createTempDirectory("greenlight-bench-")
            : Files.createDirectories(settings.dir());
    int exit = new ConcurrentReleasesBenchmark(settings, root, dir).run();
    System.exit(exit); // gRPC and the test server keep non-daemon threads
  }

  /** The checkout whose dist/target jars the worker and the CLI run. */
  private static Path repositoryRoot() {
    Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("dist/target/greenlight.jar"))
          && Files.isRegularFile(p.resolve("bin/greenlight"))) return p;
    }
    throw new IllegalStateException(
        "no dist/target/greenlight.jar above "
            + here
            + ": run from the repository root after `mvn -o -B -q -pl dist -am package"
            + " -DskipTests`");
  }

  private int run() throws Exception {
    phase("begin");
    double loadBefore = ProcessSampler.loadAverage();
    log("parameters: " + settings.describe());
    log("work directory: " + dir + " (worker.log, haproxy.cfg, releases.csv)");
    try (BenchStack stack = BenchStack.start(root, dir, settings)) {
      phase("stack up");
      log("stack up: test server " + stack.temporalAddress() + ", worker pid " + stack.workerPid());
      ProcessSampler worker = ProcessSampler.start(stack.workerPid());
      CliRunner cli =
          new CliRunner(
              stack.launcher,
              dir,
              stack.temporalAddress(),
              settings.cliJavaOpts(),
              Duration.ofMinutes(5));
      ExecutorService cliPool = Executors.newFixedThreadPool(settings.parallelism());
      ExecutorService clientPool = Executors.newFixedThreadPool(2);
      try {
        startAll(stack, cli, cliPool, clientPool);
        phase("started");
        log("started " + ids.size() + " of " + settings.releases() + " releases");
        List<App> waiting = awaitApproval(stack);
        phase("all awaiting approval");
        log(waiting.size() + " releases await approval");
        approveAll(stack, cli, waiting, cliPool, clientPool);
        phase("approved");
        log("approved; status checks, then the bad apps break");
        // while every release monitors, and done before the break: the breach wave measures
        // the worker, not CLI JVMs starting on the same cores (an operator's CLI runs elsewhere)
        awaitAll(statusChecks(stack, cli, cliPool));
        phase("status checked");
        Thread.sleep(settings.interval().multipliedBy(2).toMillis());
        Instant breakAt = Instant.now();
        stack.apps().stream().filter(App::bad).forEach(a -> stack.breakGreen(a.name()));
        phase("bad apps broken");
        log("bad apps' green answers 500 now");
        awaitEnded(stack);
        phase("all ended");
        log("all releases ended");
        worker.close();
        Map<App, ReleaseStatus> finals = new LinkedHashMap<>();
        Map<App, ReleaseFigures> figures = new LinkedHashMap<>();
        collect(stack, finals, figures);
        phase("histories read");
        report(stack, cli, worker, finals, figures, breakAt, loadBefore);
      } finally {
        cliPool.shutdownNow();
        clientPool.shutdownNow();
        worker.close();
      }
    } catch (Exception e) {
      System.err.println("ConcurrentReleasesBenchmark failed: " + e);
      e.printStackTrace();
      return 1;
    }
    return 0;
  }

  // ---- phases -----------------------------------------------------------------------------------

  private void startAll(
      BenchStack stack, CliRunner cli, ExecutorService cliPool, ExecutorService clientPool)
      throws InterruptedException {
    List<Future<?>> all = new ArrayList<>();
    for (App app : stack.apps()) {
      if (app.viaCli()) {
        all.add(
            cliPool.submit(
                () -> {
                  Run r =
                      retried(
                          cli,
                          "start",
                          app.spec().toString(),
                          "--version",
                          BenchStack.NEW_VERSION,
                          "--as",
                          INITIATOR);
                  if (r.exit() == 0) {
                    ids.put(app, r.out().strip());
                  } else {
                    problems.add(app.name() + ": start exit " + r.exit() + ": " + firstLine(r));
                    ids.put(
                        app,
                        stack
                            .releases()
                            .start(SpecLoader.load(app.spec()), BenchStack.NEW_VERSION, INITIATOR));
                  }
                  return null;
                }));
      } else {
        all.add(
            clientPool.submit(
                () -> {
                  long t = System.nanoTime();
                  ReleaseSpec spec = SpecLoader.load(app.spec());
                  String id;
                  try {
                    id = stack.releases().start(spec, BenchStack.NEW_VERSION, INITIATOR);
                  } catch (RuntimeException e) {
                    problems.add(app.name() + ": ReleaseClient.start: " + e);
                    return null;
                  }
                  clientStartMillis.add((System.nanoTime() - t) / 1_000_000);
                  ids.put(app, id);
                  return null;
                }));
      }
    }
    awaitAll(all);
  }

  /** Reads every release's status until it awaits approval (or ended); returns those waiting. */
  private List<App> awaitApproval(BenchStack stack) throws InterruptedException {
    Set<App> pending = ConcurrentHashMap.newKeySet();
    pending.addAll(ids.keySet());
    List<App> waiting = Collections.synchronizedList(new ArrayList<>());
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(ids.size());
    ExecutorService readers = Executors.newFixedThreadPool(4);
    try {
      while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
        List<Future<?>> round = new ArrayList<>();
        for (App app : pending) {
          round.add(
              readers.submit(
                  () -> {
                    ReleaseStatus s = stack.releases().status(ids.get(app));
                    if (s.stage() == Stage.AWAITING_APPROVAL) {
                      waiting.add(app);
                      pending.remove(app);
                    } else if (s.state() != null && s.state().finished()) {
                      problems.add(app.name() + ": ended " + s.state() + ": " + s.outcome());
                      pending.remove(app);
                    }
                    return null;
                  }));
        }
        awaitAll(round);
        if (!pending.isEmpty()) Thread.sleep(1000);
      }
    } finally {
      readers.shutdownNow();
    }
    for (App app : pending) problems.add(app.name() + ": not awaiting approval by the deadline");
    return waiting;
  }

  private void approveAll(
      BenchStack stack,
      CliRunner cli,
      List<App> waiting,
      ExecutorService cliPool,
      ExecutorService clientPool)
      throws InterruptedException {
    // Two waves, the bad apps last, so that their windows are surely open when they break: CLI
    // approvals take far longer than client ones, so one mixed queue would approve them early.
    for (boolean bad : new boolean[] {false, true}) {
      List<Future<?>> wave = new ArrayList<>();
      for (App app : waiting) {
        if (app.bad() != bad) continue;
        String id = ids.get(app);
        if (app.viaCli()) {
          wave.add(
              cliPool.submit(
                  () -> {
                    Run r = retried(cli, "approve", id, "--as", APPROVER, "--comment", "bench");
                    if (r.exit() != 0) {
                      problems.add(app.name() + ": approve exit " + r.exit() + ": " + firstLine(r));
                      stack.releases().approve(id, APPROVER, "bench");
                    }
                    return null;
                  }));
        } else {
          wave.add(
              clientPool.submit(
                  () -> {
                    long t = System.nanoTime();
                    try {
                      stack.releases().approve(id, APPROVER, "bench");
                    } catch (RuntimeException e) {
                      problems.add(app.name() + ": ReleaseClient.approve: " + e);
                      return null;
                    }
                    clientApproveMillis.add((System.nanoTime() - t) / 1_000_000);
                    return null;
                  }));
        }
      }
      awaitAll(wave);
    }
  }

  /** {@code bin/greenlight status ID --json} of random good releases, while they monitor. */
  private List<Future<?>> statusChecks(BenchStack stack, CliRunner cli, ExecutorService cliPool) {
    List<String> good =
        ids.entrySet().stream().filter(e -> !e.getKey().bad()).map(Map.Entry::getValue).toList();
    List<Future<?>> all = new ArrayList<>();
    if (good.isEmpty()) return all;
    Random random = new Random(16);
    for (int i = 0; i < settings.statusChecks(); i++) {
      String id = good.get(random.nextInt(good.size()));
      all.add(
          cliPool.submit(
              () -> {
                Run r = retried(cli, "status", id, "--json");
                if (r.exit() != 0)
                  problems.add(id + ": status exit " + r.exit() + ": " + firstLine(r));
                return null;
              }));
    }
    return all;
  }

  private void awaitEnded(BenchStack stack) throws InterruptedException {
    Set<String> open = ConcurrentHashMap.newKeySet();
    open.addAll(ids.values());
    Instant since = phases.get("begin").minus(Duration.ofMinutes(1));
    Instant deadline =
        Instant.now().plus(settings.window()).plus(Duration.ofMinutes(10)).plusSeconds(ids.size());
    Instant lastNote = Instant.now();
    while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
      for (WorkflowExecutionInfo info :
          stack.releases().closedReleases(since, Instant.now().plus(Duration.ofDays(1)))) {
        open.remove(info.getExecution().getWorkflowId());
      }
      if (open.isEmpty()) break;
      if (Duration.between(lastNote, Instant.now()).toSeconds() >= 30) {
        log(open.size() + " releases still running");
        lastNote = Instant.now();
      }
      Thread.sleep(2000);
    }
    for (String id : open) problems.add(id + ": still running at the deadline");
  }

  private void collect(
      BenchStack stack, Map<App, ReleaseStatus> finals, Map<App, ReleaseFigures> figures) {
    for (App app : stack.apps()) {
      String id = ids.get(app);
      if (id == null) continue;
      try {
        finals.put(app, stack.releases().status(id));
        figures.put(app, ReleaseFigures.of(history(stack, id)));
      } catch (Exception e) {
        problems.add(app.name() + ": cannot read its end: " + e);
      }
    }
  }

  private static List<HistoryEvent> history(BenchStack stack, String id) {
    List<HistoryEvent> events = new ArrayList<>();
    com.google.protobuf.ByteString page = com.google.protobuf.ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse res =
          stack
              .connection()
              .stubs()
              .blockingStub()
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(stack.connection().namespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                      .setNextPageToken(page)
                      .build());
      events.addAll(res.getHistory().getEventsList());
      page = res.getNextPageToken();
    } while (!page.isEmpty());
    return events;
  }

  // ---- the report -------------------------------------------------------------------------------

  private void report(
      BenchStack stack,
      CliRunner cli,
      ProcessSampler worker,
      Map<App, ReleaseStatus> finals,
      Map<App, ReleaseFigures> figures,
      Instant breakAt,
      double loadBefore)
      throws IOException {
    Duration interval = settings.interval();
    long goodCount = stack.apps().stream().filter(a -> !a.bad()).count();
    long badCount = stack.apps().size() - goodCount;
    Map<ReleaseState, Long> states =
        finals.values().stream()
            .collect(Collectors.groupingBy(ReleaseStatus::state, Collectors.counting()));
    long falseRollbacks =
        finals.entrySet().stream()
            .filter(e -> !e.getKey().bad() && e.getValue().state() == ReleaseState.ROLLED_BACK)
            .count();
    long missed =
        finals.entrySet().stream()
            .filter(e -> e.getKey().bad() && e.getValue().state() != ReleaseState.ROLLED_BACK)
            .count();

    List<Double> jitter = new ArrayList<>();
    List<Double> jitterAfterCli = new ArrayList<>();
    List<Integer> sampleCounts = new ArrayList<>();
    List<Integer> events = new ArrayList<>();
    int taskTimeouts = 0;
    List<Double> toScheduled = new ArrayList<>();
    List<Double> toStarted = new ArrayList<>();
    List<Double> reportedToStarted = new ArrayList<>();
    List<Double> spans = new ArrayList<>();
    List<Instant[]> monitored = new ArrayList<>();
    for (Map.Entry<App, ReleaseFigures> e : figures.entrySet()) {
      ReleaseFigures f = e.getValue();
      jitter.addAll(f.jitterSeconds(interval));
      Instant cliDone = phases.get("status checked");
      if (cliDone != null) jitterAfterCli.addAll(f.jitterSecondsFrom(interval, cliDone));
      sampleCounts.add(f.samples().size());
      events.add(f.events());
      taskTimeouts += f.taskTimeouts();
      if (!f.samples().isEmpty()) {
        Instant first = f.samples().get(0).at();
        Instant last = f.samples().get(f.samples().size() - 1).at();
        monitored.add(new Instant[] {first, last});
        ReleaseStatus s = finals.get(e.getKey());
        if (s != null && s.state() == ReleaseState.SUCCEEDED)
          spans.add(Duration.between(first, last).plus(interval).toMillis() / 1000.0);
      }
      if (f.breach() != null && e.getKey().bad()) {
        add(toScheduled, f.fromBreach(f.trafficScheduled()));
        add(toStarted, f.fromBreach(f.trafficStarted()));
        if (f.breachReported() != null && f.trafficStarted() != null)
          reportedToStarted.add(
              Duration.between(f.breachReported(), f.trafficStarted()).toNanos() / 1e9);
      }
    }
    writeCsv(finals, figures);

    StringBuilder t = new StringBuilder();
    t.append("\n## ConcurrentReleasesBenchmark ").append(settings.describe()).append("\n\n");
    t.append("| figure | value |\n|---|---|\n");
    row(
        t,
        "machine",
        machine()
            + ", load average "
            + Distribution.format(loadBefore, 1)
            + " before, peak "
            + Distribution.format(worker.peakLoad(), 1)
            + " during the run");
    row(
        t,
        "releases (good / bad)",
        settings.releases() + " (" + goodCount + " / " + badCount + "); started " + ids.size());
    row(
        t,
        "driven by CLI processes / by ReleaseClient in the bench JVM",
        settings.cliReleases()
            + " / "
            + (settings.releases() - settings.cliReleases())
            + " (start and approve; CLI at most "
            + settings.parallelism()
            + " processes at once)");
    row(
        t,
        "ended",
        states.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ")));
    row(t, "false rollbacks (good apps rolled back)", Long.toString(falseRollbacks));
    row(t, "missed rollbacks (bad apps not rolled back)", Long.toString(missed));
    int peak = peakOverlap(monitored);
    row(
        t,
        "peak concurrently monitored releases",
        peak
            + (peak < ids.size()
                ? " (fewer than started: the approvals took longer than the window; give a longer"
                    + " window)"
                : ""));
    row(
        t,
        "samples per release p50 / max (window / interval = "
            + settings.window().toMillis() / interval.toMillis()
            + ")",
        Distribution.of(sampleCounts).summary("", 0, 50));
    row(
        t,
        "sample jitter, gap between samples minus interval (absolute), p50 / p99 / max",
        Distribution.of(jitter).summary("s", 3, 50, 99));
    row(
        t,
        "sample jitter once the CLI runs ended (from the status checks to the end: the worker, the"
            + " test server, HAProxy and the backends only) p50 / p99 / max",
        Distribution.of(jitterAfterCli).summary("s", 3, 50, 99));
    row(
        t,
        "monitored span of SUCCEEDED releases p50 / p95 / max (window "
            + Durations.format(settings.window())
            + ")",
        Distribution.of(spans).summary("s", 1, 50, 95));
    row(
        t,
        "breaching sample → first traffic action scheduled p50 / p95 / max",
        Distribution.of(toScheduled).summary("s", 3, 50, 95));
    row(
        t,
        "breaching sample → first traffic action started p50 / p95 / max",
        Distribution.of(toStarted).summary("s", 3, 50, 95));
    row(
        t,
        "breach reported (watch completed) → traffic action started p50 / p95 / max",
        Distribution.of(reportedToStarted).summary("s", 3, 50, 95));
    row(
        t,
        "worker peak RSS / peak threads / CPU",
        Distribution.format(worker.peakRssMb(), 0)
            + " MB / "
            + worker.peakThreads()
            + " / "
            + Distribution.format(worker.cpuSeconds(), 0)
            + " s");
    for (String kind : List.of("start", "approve", "status")) {
      List<Run> runs = cli.runs(kind);
      long exit5 = runs.stream().filter(r -> r.exit() == CliRunner.EXIT_UNREACHABLE).count();
      long otherFail =
          runs.stream()
              .filter(r -> r.exit() != 0 && r.exit() != CliRunner.EXIT_UNREACHABLE)
              .count();
      row(
          t,
          "CLI `" + kind + "` runs: wall p50 / p95 / max; exit 5 (false); other non-zero",
          Distribution.of(runs.stream().map(r -> r.wallMillis() / 1000.0).toList())
                  .summary("s", 2, 50, 95)
              + "; "
              + exit5
              + "; "
              + otherFail);
    }
    row(
        t,
        "ReleaseClient.start / approve in the bench JVM p50 / p95 / max",
        Distribution.of(clientStartMillis).summary("ms", 0, 50, 95)
            + "; "
            + Distribution.of(clientApproveMillis).summary("ms", 0, 50, 95));
    row(t, "history events per release p50 / max", Distribution.of(events).summary("", 0, 50));
    row(
        t,
        "workflow tasks timed out or failed (all releases' histories)",
        Integer.toString(taskTimeouts));
    row(t, "worker log lines with WARN / ERROR", warnings(stack));
    row(t, "phases (s from the start)", phaseLine());
    row(t, "problems", problems.isEmpty() ? "none" : problems.size() + " (listed below)");
    System.out.println(t);
    synchronized (problems) {
      problems.stream().limit(50).forEach(p -> System.out.println("problem: " + p));
    }
    System.out.println(
        "bad apps broke at " + breakAt + "; per release: " + dir.resolve("releases.csv"));
  }

  private void writeCsv(Map<App, ReleaseStatus> finals, Map<App, ReleaseFigures> figures)
      throws IOException {
    StringBuilder csv =
        new StringBuilder(
            "app,bad,cli,release,state,events,samples,breach_at,traffic_type,"
                + "traffic_scheduled,traffic_started,breach_to_started_s\n");
    for (Map.Entry<App, ReleaseFigures> e : figures.entrySet()) {
      App a = e.getKey();
      ReleaseFigures f = e.getValue();
      ReleaseStatus s = finals.get(a);
      Double d = f.fromBreach(f.trafficStarted());
      csv.append(
              String.join(
                  ",",
                  a.name(),
                  Boolean.toString(a.bad()),
                  Boolean.toString(a.viaCli()),
                  ids.get(a),
                  s == null ? "" : String.valueOf(s.state()),
                  Integer.toString(f.events()),
                  Integer.toString(f.samples().size()),
                  f.breach() == null ? "" : f.breach().at().toString(),
                  f.trafficType() == null ? "" : f.trafficType(),
                  f.trafficScheduled() == null ? "" : f.trafficScheduled().toString(),
                  f.trafficStarted() == null ? "" : f.trafficStarted().toString(),
                  d == null ? "" : Distribution.format(d, 3)))
          .append('\n');
    }
    Files.writeString(dir.resolve("releases.csv"), csv);
  }

  private static int peakOverlap(List<Instant[]> spans) {
    List<long[]> edges = new ArrayList<>();
    for (Instant[] s : spans) {
      edges.add(new long[] {s[0].toEpochMilli(), 1});
      edges.add(new long[] {s[1].toEpochMilli(), -1});
    }
    edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> -e[1]));
    int now = 0;
    int peak = 0;
    for (long[] e : edges) {
      now += (int) e[1];
      peak = Math.max(peak, now);
    }
    return peak;
  }

  private static String machine() {
    long memKb = 0;
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo")))
        if (l.startsWith("MemTotal:")) memKb = Long.parseLong(l.replaceAll("[^0-9]", ""));
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return Runtime.getRuntime().availableProcessors() + " cores, " + memKb / 1024 / 1024 + " GiB";
  }

  private String warnings(BenchStack stack) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("worker.log"));
      long warn = lines.stream().filter(l -> l.contains(" WARN ") || l.contains("WARN ")).count();
      long error = lines.stream().filter(l -> l.contains("ERROR")).count();
      return warn + " / " + error + " (of " + lines.size() + " lines)";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private String phaseLine() {
    Instant begin = phases.get("begin");
    return phases.entrySet().stream()
        .skip(1)
        .map(e -> e.getKey() + " " + Duration.between(begin, e.getValue()).toSeconds())
        .collect(Collectors.joining(", "));
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private static void row(StringBuilder t, String figure, String value) {
    t.append("| ").append(figure).append(" | ").append(value).append(" |\n");
  }

  private static void add(List<Double> to, Double v) {
    if (v != null) to.add(v);
  }

  private void phase(String name) {
    phases.put(name, Instant.now());
  }

  private static void log(String line) {
    System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " bench: " + line);
  }

  /**
   * Runs {@code greenlight COMMAND ARGS}; after an exit 5 (Temporal unreachable, which it never is
   * here) it runs it again, up to 3 runs, as an operator would. Every run counts in the figures.
   */
  private static Run retried(CliRunner cli, String command, String... args)
      throws IOException, InterruptedException {
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    Run r = cli.run(command, all);
    for (int i = 1; i < 3 && r.exit() == CliRunner.EXIT_UNREACHABLE; i++) r = cli.run(command, all);
    return r;
  }

  private static String firstLine(Run r) {
    String text = r.err().isBlank() ? r.out() : r.err();
    return text.lines().findFirst().orElse("(no output)");
  }

  /** Waits for every task; a task's exception becomes a problem line, not the benchmark's end. */
  private void awaitAll(List<Future<?>> futures) throws InterruptedException {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        problems.add(String.valueOf(e.getCause()));
      }
    }
  }
}
