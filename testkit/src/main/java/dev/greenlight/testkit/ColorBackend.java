package dev.greenlight.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenlight.api.model.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback port, standing in for one color's app: each path answers as the
 * test says (status, body, delay), and every request that reaches it is counted.
 *
 * <p>{@link #start()} answers only the paths it is given, and 404 to the others. {@link
 * #start(Color)} answers every other path with the color's name, as a blue or a green build behind
 * a router would. {@link #withColorHeader()} names the color in an {@code X-Color} header on every
 * answer; {@link #fail()} turns every answer into a 500, like a bad build, until {@link #heal()}.
 */
public final class ColorBackend implements AutoCloseable {
  static {
    // the JDK server writes headers and body apart; with Nagle on, each answer waits for a delayed
    // ACK (40 ms a request)
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** The header {@link #withColorHeader()} adds. */
  public static final String COLOR_HEADER = "X-Color";

  /** One answer: status, body, and how long to wait before sending it. */
  public record Reply(int status, String body, long delayMillis) {
    public static Reply ok(String body) {
      return new Reply(200, body, 0);
    }

    public static Reply of(int status, String body) {
      return new Reply(status, body, 0);
    }

    public Reply delayed(long millis) {
      return new Reply(status, body, millis);
    }
  }

  /** How a path answers one request; it may look at the request (method, headers). */
  @FunctionalInterface
  public interface Route {
    Reply answer(HttpExchange request) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(ColorBackend::daemon);
  private final Color color;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Reply otherwise;
  private volatile boolean colorHeader;
  private volatile boolean failing;

  private ColorBackend(int port, Color color) throws IOException {
    this.color = color;
    this.otherwise = color == null ? null : Reply.ok(color.label());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a backend on a free port that answers only the paths it is given. */
  public static ColorBackend start() {
    return startOn(0);
  }

  /** Starts a backend on {@code port} (0: any free one) that answers only the paths it is given. */
  public static ColorBackend startOn(int port) {
    return open(port, null);
  }

  /** Starts a backend on a free port that answers every path with {@code color}'s name. */
  public static ColorBackend start(Color color) {
    return open(0, color);
  }

  private static ColorBackend open(int port, Color color) {
    try {
      return new ColorBackend(port, color);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code path} (exact match) with whatever {@code route} returns for each request. */
  public ColorBackend on(String path, Route route) {
    routes.put(path, route);
    return this;
  }

  /** Answers {@code path} always the same way. */
  public ColorBackend on(String path, Reply reply) {
    return on(path, x -> reply);
  }

  /** Answers every path not given a route with {@code reply}. */
  public ColorBackend otherwise(Reply reply) {
    this.otherwise = reply;
    return this;
  }

  /** From now on every answer carries {@code X-Color: <color>}. */
  public ColorBackend withColorHeader() {
    if (color == null) throw new IllegalStateException("a backend without a color");
    colorHeader = true;
    return this;
  }

  /** From now on every request gets a 500, "COLOR is failing". */
  public void fail() {
    failing = true;
  }

  /** Answers as before {@link #fail()} again. */
  public void heal() {
    failing = false;
  }

  /** http://127.0.0.1:PORT */
  public String url() {
    return "http://" + hostPort();
  }

  public URI uri() {
    return URI.create(url());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** "127.0.0.1:port", as a load balancer's server line wants it. */
  public String hostPort() {
    return "127.0.0.1:" + port();
  }

  /** Requests that reached {@code path}. */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** Requests that reached any path. */
  public int requests() {
    return requests.get();
  }

  private void handle(HttpExchange x) throws IOException {
    try {
      String path = x.getRequestURI().getPath();
      requests.incrementAndGet();
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      x.getRequestBody().readAllBytes();
      Reply reply = answer(x, path);
      if (reply.delayMillis() > 0) Thread.sleep(reply.delayMillis());
      if (colorHeader) x.getResponseHeaders().set(COLOR_HEADER, color.label());
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      boolean head = "HEAD".equals(x.getRequestMethod());
      x.sendResponseHeaders(reply.status(), head || body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) x.getResponseBody().write(body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing: the request goes unanswered
    } finally {
      x.close();
    }
  }

  private Reply answer(HttpExchange x, String path) throws IOException {
    if (failing) return Reply.of(500, (color == null ? "backend" : color.label()) + " is failing");
    Route route = routes.get(path);
    if (route != null) return route.answer(x);
    Reply fallback = otherwise;
    return fallback != null ? fallback : Reply.of(404, "no route " + path);
  }

  /** Threads that never keep a test JVM alive. */
  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "color-backend");
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return (color == null ? "backend" : color.label()) + " on " + hostPort();
  }
}
