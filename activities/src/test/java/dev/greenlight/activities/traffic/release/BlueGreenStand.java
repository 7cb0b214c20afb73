package dev.greenlight.activities.traffic.release;

import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.TrafficRouters;
import dev.greenlight.activities.traffic.embedded.EmbeddedProxy;
import dev.greenlight.activities.traffic.haproxy.HaproxyProcess;
import dev.greenlight.activities.traffic.nginx.NginxProcess;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.testkit.ColorBackends;
import dev.greenlight.testkit.SpecBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A blue and a green backend behind one real router (HAProxy, nginx or the embedded proxy), blue
 * live, and the release spec that points at them. Everything runs on free loopback ports and stops
 * on close.
 */
public final class BlueGreenStand implements AutoCloseable {

  /** The routers a release can be tested through; the label is the spec's router.type. */
  public enum RouterKind {
    HAPROXY,
    NGINX,
    EMBEDDED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final RouterKind kind;
  private final ColorBackends backends;
  private final AutoCloseable router;
  private final int port;

  /** The router.* keys that name this router, in YAML flow style (without the braces). */
  private final String routerKeys;

  private BlueGreenStand(
      RouterKind kind, ColorBackends backends, AutoCloseable router, int port, String routerKeys) {
    this.kind = kind;
    this.backends = backends;
    this.router = router;
    this.port = port;
    this.routerKeys = routerKeys;
  }

  /** Starts both backends and the router, which sends all traffic to blue. */
  /** The embedded proxy's admin token in this stand. */
  public static final String ROUTER_TOKEN = "stand-admin-token";

  /** The worker environment for this stand: the embedded proxy's admin token. */
  public static final UnaryOperator<String> ENVIRONMENT =
      name -> name.equals(EmbeddedProxy.TOKEN_ENV) ? ROUTER_TOKEN : System.getenv(name);

  public static BlueGreenStand start(RouterKind kind, Path dir) throws Exception {
    ColorBackends backends = ColorBackends.start().withColorHeader();
    try {
      Path routerDir = Files.createDirectories(dir.resolve(kind.label()));
      switch (kind) {
        case HAPROXY -> {
          HaproxyProcess haproxy = HaproxyProcess.start(routerDir, backends.hostPorts(), "admin");
          return new BlueGreenStand(
              kind,
              backends,
              haproxy,
              haproxy.port(),
              "type: haproxy, url: "
                  + quote("http://127.0.0.1:" + haproxy.port())
                  + ", haproxy: {socket: "
                  + quote(haproxy.socket().toString())
                  + ", backend: app}");
        }
        case NGINX -> {
          String upstream =
              "upstream app {\n    server "
                  + backends.hostPort(Color.BLUE)
                  + ";\n    keepalive 16;\n}\n";
          NginxProcess nginx = NginxProcess.start(routerDir, upstream, "");
          return new BlueGreenStand(
              kind,
              backends,
              nginx,
              nginx.port(),
              "type: nginx, url: "
                  + quote("http://127.0.0.1:" + nginx.port())
                  + ", nginx: {upstreamFile: "
                  + quote(nginx.upstreamFile().toString())
                  + ", upstream: app, test: "
                  + argv(nginx.testHook())
                  + ", reload: "
                  + argv(nginx.reloadHook())
                  + "}");
        }
        case EMBEDDED -> {
          EmbeddedProxy proxy =
              EmbeddedProxy.start(
                  "127.0.0.1:0",
                  "127.0.0.1:0",
                  ROUTER_TOKEN,
                  URI.create(backends.url(Color.BLUE)),
                  URI.create(backends.url(Color.GREEN)),
                  routerDir.resolve("state.json"));
          return new BlueGreenStand(
              kind,
              backends,
              proxy,
              proxy.address().getPort(),
              "type: embedded, url: "
                  + quote(proxy.url())
                  + ", embedded: {admin: "
                  + quote("127.0.0.1:" + proxy.adminAddress().getPort())
                  + "}");
        }
        default -> throw new IllegalArgumentException(kind.toString());
      }
    } catch (Exception | Error e) {
      backends.close();
      throw e;
    }
  }

  public RouterKind kind() {
    return kind;
  }

  public ColorBackends backends() {
    return backends;
  }

  /** The router's public port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /**
   * A spec (loaded and validated by SpecLoader from a file in {@code specDir}) for releases through
   * this stand: the given traffic steps, 20 verification responses, the monitor probing {@code /}
   * through the router. Latency thresholds are far above anything loopback produces, so only errors
   * roll back: more than 20% failed requests in a sample.
   */
  public ReleaseSpec spec(
      Path specDir, List<Integer> steps, Duration stepHold, Duration window, Duration interval) {
    String stepList =
        steps.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    ReleaseContext ctx =
        SpecBuilder.in(specDir)
            .urls(backends.url(Color.BLUE), backends.url(Color.GREEN))
            .with("health", "{path: /health, timeout: 10s}")
            .with(
                "router",
                "{"
                    + routerKeys
                    + ", steps: "
                    + stepList
                    + ", stepHold: "
                    + Durations.format(stepHold)
                    + ", verifyResponses: 20, verifyTimeout: 10s, verify: {header: X-Color}}")
            .with(
                "monitor",
                "{window: "
                    + Durations.format(window)
                    + ", interval: "
                    + Durations.format(interval)
                    + ", path: /, requestsPerSample: 10, errorRate: {alert: 0.05, rollback: 0.2},"
                    + " p95: {alert: 3000ms, rollback: 5000ms}}")
            .context();
    return ctx.spec();
  }

  /**
   * A router object made afresh from {@code spec}, as a new worker would make it: it remembers
   * nothing.
   */
  public static TrafficRouter freshRouter(ReleaseSpec spec) throws RouterException {
    return TrafficRouters.create(new ReleaseContext("check", "check", spec), ENVIRONMENT);
  }

  @Override
  public void close() throws Exception {
    try {
      router.close();
    } finally {
      backends.close();
    }
  }

  private static String argv(Hook hook) {
    return hook.argv().stream()
        .map(BlueGreenStand::quote)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** A YAML double-quoted scalar. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public String toString() {
    return kind.label() + " on 127.0.0.1:" + port;
  }
}
