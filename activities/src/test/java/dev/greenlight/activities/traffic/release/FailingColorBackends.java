package dev.greenlight.activities.traffic.release;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.api.model.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Two real HTTP servers on loopback, one per color, each answering every path (health included)
 * with its color's name (in the body and the X-Color header), until it is told to fail: from then
 * on it answers 500, like a bad build.
 */
public final class FailingColorBackends implements AutoCloseable {
  static {
    // the JDK server writes headers and body apart; with Nagle on, each answer waits for a delayed
    // ACK
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final Map<Color, HttpServer> servers = new EnumMap<>(Color.class);
  private final Set<Color> failing = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  public FailingColorBackends() throws IOException {
    for (Color c : Color.values()) {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
      byte[] ok = c.label().getBytes(StandardCharsets.UTF_8);
      byte[] broken = (c.label() + " is failing").getBytes(StandardCharsets.UTF_8);
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean fail = failing.contains(c);
            byte[] body = fail ? broken : ok;
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.getResponseHeaders().set("X-Color", c.label());
            exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.setExecutor(pool);
      server.start();
      servers.put(c, server);
    }
  }

  /** From now on {@code color} answers every request with 500. */
  public void fail(Color color) {
    failing.add(color);
  }

  /** {@code color} answers 200 again. */
  public void heal(Color color) {
    failing.remove(color);
  }

  /** "127.0.0.1:port", as a load balancer's server line wants it. */
  public String hostPort(Color c) {
    return "127.0.0.1:" + servers.get(c).getAddress().getPort();
  }

  public String url(Color c) {
    return "http://" + hostPort(c);
  }

  /** Both colors' host:port. */
  public Map<Color, String> hostPorts() {
    Map<Color, String> m = new EnumMap<>(Color.class);
    for (Color c : Color.values()) m.put(c, hostPort(c));
    return m;
  }

  @Override
  public void close() {
    servers.values().forEach(s -> s.stop(0));
    pool.shutdownNow();
  }
}
