package dev.greenlight.activities.traffic.haproxy;

import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.router.haproxy.HaproxySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Switches traffic through HAProxy's runtime API: {@code set weight} and {@code set server ...
 * state ready|maint} on one backend that holds one server per color. Nothing is reloaded, so
 * keep-alive clients lose no request.
 *
 * <p>Weights are percentages: {@code route(green, 10)} leaves green ready with weight 10 and blue
 * ready with weight 90 (the backend's balance algorithm must accept weights, e.g. roundrobin). At
 * 100% the other color goes to maintenance rather than weight 0: a server in maintenance gets no
 * traffic at all, not even from stick tables or persistence cookies, and is no longer health
 * checked while it is redeployed. The target is made ready first and must be up in HAProxy's eyes
 * before the other color is taken out, so the backend is never left without a server.
 *
 * <p>The live color is always read from HAProxy, never remembered. HAProxy forgets runtime changes
 * when it restarts: operators who restart it should keep a {@code server-state-file}.
 */
public final class HaproxyRouter implements TrafficRouter {
  /** How long HAProxy may answer one command. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  /** How long a server made ready may take to pass its health check. */
  public static final Duration SERVER_UP_TIMEOUT = Duration.ofSeconds(10);

  private final AdminSocket socket;
  private final String backend;
  private final Map<Color, String> servers = new EnumMap<>(Color.class);
  private final Duration serverUpTimeout;

  /** A router for {@code spec} (router.haproxy). */
  public HaproxyRouter(HaproxySpec spec) {
    this(spec, SERVER_UP_TIMEOUT);
  }

  /**
   * A router for {@code spec} that waits at most {@code serverUpTimeout} for the target's server to
   * pass its health check before it takes the other color out.
   */
  public HaproxyRouter(HaproxySpec spec, Duration serverUpTimeout) {
    this.socket = new AdminSocket(Path.of(spec.socket()), COMMAND_TIMEOUT);
    this.backend = spec.backend();
    for (Color c : Color.values()) {
      servers.put(
          c,
          spec.servers() == null ? c.label() : spec.servers().getOrDefault(c.label(), c.label()));
    }
    this.serverUpTimeout = serverUpTimeout;
  }

  @Override
  public Color liveColor() throws RouterException {
    Map<Color, ServerState> now = read();
    int blue = now.get(Color.BLUE).share();
    int green = now.get(Color.GREEN).share();
    if (blue == 0 && green == 0) {
      throw new RouterException(
          "HAProxy backend "
              + backend
              + " sends traffic to no color ("
              + describe(now)
              + "): route all traffic to the color that should be live, e.g. `set server "
              + backend
              + "/"
              + servers.get(Color.BLUE)
              + " state ready`",
          false);
    }
    if (blue == green) {
      throw new RouterException(
          "HAProxy backend "
              + backend
              + " splits traffic evenly ("
              + describe(now)
              + "), so no color is live: send all traffic to one color first",
          false);
    }
    return blue > green ? Color.BLUE : Color.GREEN;
  }

  @Override
  public String route(Color color, int percent) throws RouterException {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0..100, got " + percent);
    }
    if (percent == 0) return route(color.other(), 100);
    Color other = color.other();
    Map<Color, ServerState> before = read();
    if (inPlace(before, color, percent)) {
      return "already "
          + percent
          + "% on "
          + color
          + " in HAProxy backend "
          + backend
          + " ("
          + describe(before)
          + ")";
    }
    long start = System.nanoTime();
    String target = servers.get(color);
    set("set weight " + backend + "/" + target + " " + percent);
    if (!before.get(color).ready()) set("set server " + backend + "/" + target + " state ready");
    awaitUp(color, before);
    String otherServer = servers.get(other);
    if (percent == 100) {
      set("set weight " + backend + "/" + otherServer + " 0");
      set("set server " + backend + "/" + otherServer + " state maint");
    } else {
      set("set weight " + backend + "/" + otherServer + " " + (100 - percent));
      if (!before.get(other).ready())
        set("set server " + backend + "/" + otherServer + " state ready");
    }
    long micros = (System.nanoTime() - start) / 1000;
    Map<Color, ServerState> after = read();
    if (!inPlace(after, color, percent)) {
      throw new RouterException(
          "HAProxy accepted every command but backend "
              + backend
              + " now reads "
              + describe(after)
              + " instead of "
              + percent
              + "% on "
              + color
              + ": check the backend's balance "
              + "algorithm accepts weights (e.g. roundrobin) and that nothing else changes it",
          false);
    }
    return percent
        + "% on "
        + color
        + " in HAProxy backend "
        + backend
        + " ("
        + describe(after)
        + ") in "
        + micros / 1000
        + "."
        + (micros % 1000) / 100
        + " ms";
  }

  /**
   * True when {@code color} gets exactly {@code percent}% and, at 100%, the other is in
   * maintenance.
   */
  private static boolean inPlace(Map<Color, ServerState> now, Color color, int percent) {
    ServerState target = now.get(color);
    ServerState other = now.get(color.other());
    if (percent == 100) return target.share() > 0 && other.maint();
    long total = (long) target.share() + other.share();
    return total > 0 && target.share() * 100L == percent * total;
  }

  /**
   * Waits until HAProxy's health check (if any) passes on the target; otherwise puts the target
   * back as it was, so it cannot take traffic later by surprise, and fails. A server leaving
   * maintenance counts as up before its first check, so "up" alone would not do.
   */
  private void awaitUp(Color color, Map<Color, ServerState> before) throws RouterException {
    long deadline = System.nanoTime() + serverUpTimeout.toNanos();
    ServerState now = read().get(color);
    while (!now.healthy() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10); // the first check runs as the server leaves maintenance
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RouterException(
            "interrupted while waiting for " + color + " to come up in HAProxy", true, e);
      }
      now = read().get(color);
    }
    if (now.healthy()) return;
    ServerState was = before.get(color);
    String server = backend + "/" + servers.get(color);
    set("set weight " + server + " " + was.weight());
    if (was.maint()) set("set server " + server + " state maint");
    else if (!was.ready()) set("set server " + server + " state drain");
    throw new RouterException(
        "HAProxy's health check has not passed on "
            + server
            + " within "
            + serverUpTimeout.toMillis()
            + " ms, so traffic stays as it was ("
            + describe(before)
            + "): check that "
            + color
            + " answers HAProxy's check (see `show servers state "
            + backend
            + "`)",
        false);
  }

  private void set(String command) throws RouterException {
    String answer = socket.execute(command);
    if (!answer.isEmpty()) {
      throw new RouterException(
          "HAProxy refused `"
              + command
              + "`: "
              + answer
              + (answer.toLowerCase(Locale.ROOT).contains("permission denied")
                  ? " (the admin socket needs `level admin`)"
                  : ""),
          false);
    }
  }

  /** Both colors' servers as HAProxy sees them now. */
  private Map<Color, ServerState> read() throws RouterException {
    String answer = socket.execute("show servers state " + backend);
    Map<String, ServerState> all;
    try {
      all = ServerState.parse(answer);
    } catch (IllegalArgumentException e) {
      throw new RouterException(
          "HAProxy cannot show backend '"
              + backend
              + "' on "
              + socket.path()
              + ": "
              + e.getMessage()
              + " Check router.haproxy.backend against the backends in haproxy.cfg",
          false);
    }
    Map<Color, ServerState> byColor = new EnumMap<>(Color.class);
    for (Color c : Color.values()) {
      String name = servers.get(c);
      ServerState s = all.get(name);
      if (s == null) {
        String said = socket.execute("get weight " + backend + "/" + name);
        throw new RouterException(
            "HAProxy backend "
                + backend
                + " has no server '"
                + name
                + "' for "
                + c
                + " (HAProxy says: "
                + said
                + "; its servers: "
                + String.join(", ", all.keySet())
                + "): check router.haproxy.servers."
                + c,
            false);
      }
      byColor.put(c, s);
    }
    return byColor;
  }

  private String describe(Map<Color, ServerState> now) {
    return Color.BLUE
        + " "
        + now.get(Color.BLUE).describe()
        + "; "
        + Color.GREEN
        + " "
        + now.get(Color.GREEN).describe();
  }
}
