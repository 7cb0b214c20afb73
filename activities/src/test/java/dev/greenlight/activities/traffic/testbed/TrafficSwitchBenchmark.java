package dev.greenlight.activities.traffic.testbed;

import dev.greenlight.activities.process.HookVariables;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.haproxy.HaproxyProcess;
import dev.greenlight.activities.traffic.haproxy.HaproxyRouter;
import dev.greenlight.activities.traffic.nginx.NginxProcess;
import dev.greenlight.activities.traffic.nginx.NginxRouter;
import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.ColorBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: measures what a traffic switch costs on this machine with the real HAProxy and nginx,
 * and how many keep-alive requests each loses. Prints a Markdown table for BENCHMARKS.md ("Traffic
 * switch"); the command to run it is there.
 */
public final class TrafficSwitchBenchmark {
  private static final HookVariables VARS = HookVariables.of("bench", "app", "app-bench");

  public static void main(String[] args) throws Exception {
    int haproxySwitches = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int nginxSwitches = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int loadSwitches = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    System.out.println(
        "cores: "
            + Runtime.getRuntime().availableProcessors()
            + ", load average at start: "
            + loadAverage());
    try (ColorBackends backends = ColorBackends.start()) {
      System.out.println("| what | n | p50 ms | p95 ms | max ms |");
      System.out.println("|---|---|---|---|---|");
      haproxyLatency(backends, haproxySwitches);
      nginxLatency(backends, nginxSwitches);
      System.out.println();
      System.out.println("load average now: " + loadAverage());
      System.out.println(
          "| keep-alive load (4 threads), "
              + loadSwitches
              + " switches | requests ok | failed | failed per switch | retried | connections |");
      System.out.println("|---|---|---|---|---|---|");
      haproxyUnderLoad(backends, loadSwitches);
      nginxUnderLoad(backends, loadSwitches, "router", "", true, true, false);
      nginxUnderLoad(backends, loadSwitches, "raw `nginx -s reload`", "", true, false, false);
      nginxUnderLoad(
          backends, loadSwitches, "router, no upstream `keepalive`", "", false, true, false);
      nginxUnderLoad(
          backends,
          loadSwitches,
          "router, `keepalive_timeout 0` (no client keep-alive)",
          "keepalive_timeout 0;",
          true,
          true,
          false);
      nginxUnderLoad(
          backends,
          loadSwitches,
          "router, `keepalive_requests 100; keepalive_timeout 5s;`",
          "keepalive_requests 100; keepalive_timeout 5s;",
          true,
          true,
          false);
      nginxUnderLoad(
          backends,
          loadSwitches,
          "router, client retries idempotent requests",
          "",
          true,
          true,
          true);
    }
  }

  private static void haproxyLatency(ColorBackends backends, int n) throws Exception {
    Path dir = Files.createTempDirectory("bench-haproxy");
    try (HaproxyProcess haproxy = HaproxyProcess.start(dir, backends.hostPorts(), "admin")) {
      HaproxyRouter router = new HaproxyRouter(haproxy.spec());
      List<Double> straight = new ArrayList<>();
      List<Double> step = new ArrayList<>();
      List<Double> noop = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Color to = i % 2 == 0 ? Color.GREEN : Color.BLUE;
        straight.add(time(router, to, 100));
        noop.add(time(router, to, 100));
      }
      for (int i = 0; i < n; i++) step.add(time(router, Color.GREEN, i % 2 == 0 ? 10 : 50));
      row(
          "HAProxy route(color, 100): straight switch (target leaves maint, health check awaited)",
          straight);
      row("HAProxy route(color, 10 or 50): weights only", step);
      row("HAProxy route to what is in place (no-op, one `show servers state`)", noop);
    }
  }

  private static void nginxLatency(ColorBackends backends, int n) throws Exception {
    Path dir = Files.createTempDirectory("bench-nginx");
    try (NginxProcess nginx = NginxProcess.start(dir, upstream(backends, true), "")) {
      NginxRouter router = new NginxRouter(nginx.spec(), backends.hostPorts(), VARS);
      List<Double> route = new ArrayList<>();
      List<Double> test = new ArrayList<>();
      List<Double> reload = new ArrayList<>();
      List<Double> takeover = new ArrayList<>();
      List<Double> noop = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Color to = i % 2 == 0 ? Color.GREEN : Color.BLUE;
        Set<Long> workers = nginx.workers();
        long start = System.nanoTime();
        String detail = router.route(to, 100);
        long routed = System.nanoTime();
        Matcher m =
            Pattern.compile("tested in (\\d+) ms, nginx reloaded in (\\d+) ms").matcher(detail);
        if (m.find()) {
          test.add(Double.parseDouble(m.group(1)));
          reload.add(Double.parseDouble(m.group(2)));
        }
        nginx.awaitReloaded(workers);
        route.add((routed - start) / 1e6);
        takeover.add((System.nanoTime() - start) / 1e6);
        noop.add(time(router, to, 100));
      }
      row("nginx route(color, 100): write + `nginx -t` + `nginx -s reload`", route);
      row("nginx: of which `nginx -t` (process run by HookRunner)", test);
      row("nginx: of which `nginx -s reload` (process run by HookRunner)", reload);
      row("nginx: from route() to the last old worker gone (idle nginx)", takeover);
      row("nginx route to what is in place (no-op, file read)", noop);
    }
  }

  private static void haproxyUnderLoad(ColorBackends backends, int switches) throws Exception {
    Path dir = Files.createTempDirectory("bench-haproxy-load");
    try (HaproxyProcess haproxy = HaproxyProcess.start(dir, backends.hostPorts(), "admin")) {
      HaproxyRouter router = new HaproxyRouter(haproxy.spec());
      KeepAliveLoad load = KeepAliveLoad.start(haproxy.port(), 4, false, Duration.ofMinutes(2));
      Thread.sleep(200);
      for (int i = 0; i < switches; i++) {
        router.route(router.liveColor().other(), 100);
        Thread.sleep(200);
      }
      loadRow("HAProxy router, plain client", load.stop(), switches);
    }
  }

  private static void nginxUnderLoad(
      ColorBackends backends,
      int switches,
      String label,
      String serverDirectives,
      boolean upstreamKeepalive,
      boolean viaRouter,
      boolean retry)
      throws Exception {
    Path dir = Files.createTempDirectory("bench-nginx-load");
    try (NginxProcess nginx =
        NginxProcess.start(dir, upstream(backends, upstreamKeepalive), serverDirectives)) {
      NginxRouter router = new NginxRouter(nginx.spec(), backends.hostPorts(), VARS);
      KeepAliveLoad load = KeepAliveLoad.start(nginx.port(), 4, retry, Duration.ofMinutes(2));
      Thread.sleep(200);
      for (int i = 0; i < switches; i++) {
        if (viaRouter) router.route(router.liveColor().other(), 100);
        else nginx.rawReload();
        Thread.sleep(200);
      }
      loadRow("nginx " + label + (retry ? "" : ", plain client"), load.stop(), switches);
    }
  }

  private static String upstream(ColorBackends backends, boolean keepalive) {
    return "upstream app {\n    server "
        + backends.hostPort(Color.BLUE)
        + ";\n"
        + (keepalive ? "    keepalive 16;\n" : "")
        + "}\n";
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static double time(TrafficRouter router, Color color, int percent) throws Exception {
    long start = System.nanoTime();
    router.route(color, percent);
    return (System.nanoTime() - start) / 1e6;
  }

  private static void row(String what, List<Double> ms) {
    List<Double> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    System.out.printf(
        "| %s | %d | %.2f | %.2f | %.2f |%n",
        what, sorted.size(), pct(sorted, 50), pct(sorted, 95), sorted.get(sorted.size() - 1));
  }

  private static void loadRow(String what, KeepAliveLoad.Totals t, int switches) {
    System.out.printf(
        "| %s | %d | %d | %.1f | %d | %d |%n",
        what, t.ok(), t.failed(), (double) t.failed() / switches, t.retried(), t.connections());
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
