package dev.greenlight.activities.traffic.embedded;

import dev.greenlight.api.model.Color;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greenlight's own blue-green reverse proxy (router type {@code embedded}), built on Undertow's
 * {@link ProxyHandler}. Every request is sent to blue or green by weight; weights change at run
 * time without a restart and only decide where the next request goes, so a switch drops nothing.
 *
 * <p>The weights and the live color are kept in a state file (written atomically) and read back at
 * start, so a restarted proxy serves the same color as before.
 *
 * <p>Admin endpoint, on a separate admin listener (by default on 127.0.0.1, see {@link
 * #defaultAdmin}), each request with {@code Authorization: Bearer <token>}:
 *
 * <ul>
 *   <li>{@code GET /__greenlight/weights} → {@code {"blue":100,"green":0,"live":"blue"}}
 *   <li>{@code PUT /__greenlight/weights} with {@code {"blue":0,"green":100}} → the new state; 400
 *       for invalid weights, 500 when the state file cannot be written (nothing changed then)
 * </ul>
 *
 * A request without the right token gets 401. The public listener answers 404 for every {@code
 * /__greenlight/} path and never forwards one to a backend: whoever reaches the shop cannot move
 * its traffic. Each proxied response carries {@value #COLOR_HEADER} naming the color that served
 * it.
 */
public final class EmbeddedProxy implements AutoCloseable {
  /** Path of the admin endpoint. */
  public static final String ADMIN_PATH = "/__greenlight/weights";

  /** Every path under it is the proxy's own, never forwarded; public listener: 404. */
  public static final String RESERVED_PREFIX = "/__greenlight/";

  /** The env var holding the admin token, for the proxy and the worker alike (by default). */
  public static final String TOKEN_ENV = "GREENLIGHT_ROUTER_TOKEN";

  /** The admin listener's default port is the public one plus this. */
  public static final int ADMIN_PORT_OFFSET = 10000;

  /** Response header naming the color that served a proxied request. */
  public static final String COLOR_HEADER = "X-Greenlight-Color";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedProxy.class);
  private static final HttpString COLOR = new HttpString(COLOR_HEADER);

  private final Undertow server;
  private final Undertow adminServer;
  private final WeightedColorProxyClient client;
  private final LiveWeights weights;
  private final InetSocketAddress address;
  private final InetSocketAddress adminAddress;
  private final URI blue;
  private final URI green;

  private EmbeddedProxy(
      Undertow server,
      Undertow adminServer,
      WeightedColorProxyClient client,
      LiveWeights weights,
      URI blue,
      URI green) {
    this.server = server;
    this.adminServer = adminServer;
    this.client = client;
    this.weights = weights;
    this.address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    this.adminAddress = (InetSocketAddress) adminServer.getListenerInfo().get(0).getAddress();
    this.blue = blue;
    this.green = green;
  }

  /**
   * Starts a proxy.
   *
   * @param listen host:port to listen on (port 0: any free port, see {@link #address()})
   * @param adminListen host:port of the admin listener; null: {@link #defaultAdmin(String)}
   * @param adminToken the bearer token every admin request must carry (not blank)
   * @param blue base URL of the blue environment, e.g. http://127.0.0.1:8081
   * @param green base URL of the green environment
   * @param stateFile where weights are kept across restarts (read now when it exists); null keeps
   *     them in memory only
   * @throws IOException when the address is taken or the state file is damaged
   */
  public static EmbeddedProxy start(
      String listen, String adminListen, String adminToken, URI blue, URI green, Path stateFile)
      throws IOException {
    InetSocketAddress bind = parseListen(listen);
    String adminAt = adminListen == null ? defaultAdmin(listen) : adminListen;
    InetSocketAddress adminBind = parseListen(adminAt);
    if (adminToken == null || adminToken.isBlank()) {
      throw new IllegalArgumentException(
          "the admin token is missing: set " + TOKEN_ENV + " (the worker needs the same value)");
    }
    WeightsFile file = stateFile == null ? null : new WeightsFile(stateFile);
    Weights initial = file == null ? Weights.ALL_BLUE : file.read(Weights.ALL_BLUE);
    WeightedColorProxyClient client =
        new WeightedColorProxyClient(backendUri(blue, "blue"), backendUri(green, "green"), initial);

    HttpHandler proxy =
        ProxyHandler.builder()
            .setProxyClient(client)
            .setMaxConnectionRetries(
                2) // an idempotent request on a stale pooled connection is retried
            .setNext(ResponseCodeHandler.HANDLE_404)
            .build();
    LiveWeights live = new LiveWeights(client, file, listen);
    HttpHandler admin = new WeightsAdminHandler(live, adminToken);
    HttpHandler root =
        exchange -> {
          if (exchange.getRequestPath().startsWith(RESERVED_PREFIX)) {
            ResponseCodeHandler.HANDLE_404.handleRequest(exchange); // never public, never proxied
            return;
          }
          exchange.addResponseCommitListener(
              ex -> {
                Color c = ex.getAttachment(WeightedColorProxyClient.CHOSEN);
                if (c != null) ex.getResponseHeaders().put(COLOR, c.label());
              });
          proxy.handleRequest(exchange);
        };
    Undertow server =
        Undertow.builder()
            .addHttpListener(bind.getPort(), bind.getHostString())
            .setIoThreads(2)
            .setWorkerThreads(16)
            .setHandler(root)
            .build();
    Undertow adminServer =
        Undertow.builder()
            .addHttpListener(adminBind.getPort(), adminBind.getHostString())
            .setIoThreads(1)
            .setWorkerThreads(2)
            .setHandler(
                exchange -> {
                  if (exchange.getRequestPath().equals(ADMIN_PATH)) admin.handleRequest(exchange);
                  else ResponseCodeHandler.HANDLE_404.handleRequest(exchange);
                })
            .build();
    listen(server, listen);
    try {
      listen(adminServer, adminAt);
    } catch (IOException e) {
      server.stop();
      throw e;
    }
    EmbeddedProxy p = new EmbeddedProxy(server, adminServer, client, live, blue, green);
    log.info(
        "embedded proxy on {}, admin on {}: {} (blue {}, green {}{})",
        p.url(),
        p.adminUrl(),
        initial.describe(),
        blue,
        green,
        file == null ? "" : ", state " + file.path());
    return p;
  }

  private static void listen(Undertow server, String listen) throws IOException {
    try {
      server.start();
    } catch (RuntimeException e) {
      server.stop();
      throw new IOException(
          "cannot listen on "
              + listen
              + " ("
              + rootMessage(e)
              + "); is another proxy running there?",
          e);
    }
  }

  /**
   * The admin listener's address when none is given: 127.0.0.1, port {@code listen}'s plus {@value
   * #ADMIN_PORT_OFFSET} (port 0 stays 0: any free port).
   */
  public static String defaultAdmin(String listen) {
    int port = parseListen(listen).getPort();
    if (port == 0) return "127.0.0.1:0";
    if (port + ADMIN_PORT_OFFSET > 65535) {
      throw new IllegalArgumentException(
          "no default admin port for port "
              + port
              + " (it would be above 65535): give the admin address");
    }
    return "127.0.0.1:" + (port + ADMIN_PORT_OFFSET);
  }

  /** The admin listener's address (the real port when started with port 0). */
  public InetSocketAddress adminAddress() {
    return adminAddress;
  }

  /** The admin listener's URL, e.g. http://127.0.0.1:18080. */
  public String adminUrl() {
    return "http://" + adminAddress.getHostString() + ":" + adminAddress.getPort();
  }

  /** The address it listens on (the real port when started with port 0). */
  public InetSocketAddress address() {
    return address;
  }

  /** Its public URL, e.g. http://127.0.0.1:8080. */
  public String url() {
    return "http://" + address.getHostString() + ":" + address.getPort();
  }

  public URI blue() {
    return blue;
  }

  public URI green() {
    return green;
  }

  /** The current weights and live color. */
  public Weights weights() {
    return weights.current();
  }

  public Color liveColor() {
    return weights().live();
  }

  /**
   * Changes the weights; the next request uses them. Stored first: when the state file cannot be
   * written nothing changes.
   */
  public Weights setWeights(int blueWeight, int greenWeight) throws IOException {
    return weights.update(current -> Weights.of(blueWeight, greenWeight, current.live()));
  }

  /** Puts {@code percent}% of traffic on {@code color}, the rest on the other one. */
  public Weights route(Color color, int percent) throws IOException {
    return weights.update(current -> Weights.percentOn(color, percent, current.live()));
  }

  /** Stops listening. Requests in flight are cut; use it when the whole stack goes down. */
  public void stop() {
    client.closeConnections(); // backend connections live on the server's IO threads: close them
    // first
    server.stop();
    adminServer.stop();
  }

  @Override
  public void close() {
    stop();
  }

  /** Parses "host:port" (or ":port" for all interfaces). */
  static InetSocketAddress parseListen(String listen) {
    if (listen == null || listen.isBlank())
      throw new IllegalArgumentException("listen address is missing (host:port)");
    int colon = listen.lastIndexOf(':');
    if (colon < 0)
      throw new IllegalArgumentException("listen address '" + listen + "' is not host:port");
    String host = listen.substring(0, colon).trim();
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("listen address '" + listen + "' has no port number");
    }
    if (port < 0 || port > 65535)
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  private static URI backendUri(URI uri, String color) {
    if (uri == null || uri.getHost() == null || !"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          color + " backend must be an http://host:port URL, got " + uri);
    }
    return URI.create(
        uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort()));
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) t = t.getCause();
    return t.toString();
  }
}
