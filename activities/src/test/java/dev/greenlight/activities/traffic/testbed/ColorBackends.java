package dev.greenlight.activities.traffic.testbed;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.api.model.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Two real HTTP servers on loopback, one per color, each answering every request with its color.
 */
public final class ColorBackends implements AutoCloseable {
  static {
    // the JDK server writes headers and body apart; with Nagle on, each answer waits for a delayed
    // ACK
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final Map<Color, HttpServer> servers = new EnumMap<>(Color.class);
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  public ColorBackends() throws IOException {
    for (Color c : Color.values()) {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
      byte[] body = c.label().getBytes(StandardCharsets.UTF_8);
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.setExecutor(pool);
      server.start();
      servers.put(c, server);
    }
  }

  public int port(Color c) {
    return servers.get(c).getAddress().getPort();
  }

  /** "127.0.0.1:port", as a load balancer's server line wants it. */
  public String hostPort(Color c) {
    return "127.0.0.1:" + port(c);
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
