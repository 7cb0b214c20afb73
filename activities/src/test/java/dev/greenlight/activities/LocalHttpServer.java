package dev.greenlight.activities;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A real HTTP server on a free loopback port, answering per path as a test tells it. */
public final class LocalHttpServer implements AutoCloseable {

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

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "local-http");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Function<HttpExchange, Reply>> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  private LocalHttpServer(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on a free port. */
  public static LocalHttpServer start() {
    return startOn(0);
  }

  /** Starts a server on {@code port} (0: any free one). */
  public static LocalHttpServer startOn(int port) {
    try {
      return new LocalHttpServer(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code path} (exact match) with whatever {@code reply} returns for each request. */
  public LocalHttpServer on(String path, Function<HttpExchange, Reply> reply) {
    routes.put(path, reply);
    return this;
  }

  /** Answers {@code path} always the same way. */
  public LocalHttpServer on(String path, Reply reply) {
    return on(path, x -> reply);
  }

  /** http://127.0.0.1:PORT */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests that reached {@code path}. */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Function<HttpExchange, Reply> route = routes.get(path);
    Reply reply = route == null ? Reply.of(404, "no route " + path) : route.apply(x);
    try {
      if (reply.delayMillis() > 0) Thread.sleep(reply.delayMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      x.close();
      return;
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    boolean head = "HEAD".equals(x.getRequestMethod());
    x.sendResponseHeaders(reply.status(), head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) x.getResponseBody().write(body);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
