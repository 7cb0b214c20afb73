package dev.greenlight.activities;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A real reverse proxy on a free loopback port, standing in for the load balancer: every request is
 * forwarded to the base URL {@code upstream} names at that moment.
 */
public final class LocalProxy implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "local-proxy");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Supplier<String> upstream;
  private static final java.util.Set<String> FRAMING =
      java.util.Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "date");

  private LocalProxy(Supplier<String> upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/", this::forward);
    server.start();
  }

  /** Starts a proxy that asks {@code upstream} for the target base URL on every request. */
  public static LocalProxy start(Supplier<String> upstream) {
    try {
      return new LocalProxy(upstream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange x) throws IOException {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(upstream.get() + x.getRequestURI()))
              .timeout(Duration.ofSeconds(10))
              .method(
                  x.getRequestMethod(),
                  HttpRequest.BodyPublishers.ofByteArray(x.getRequestBody().readAllBytes()))
              .build();
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      // the app's own headers pass through, as a load balancer's would; framing is this server's
      r.headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!FRAMING.contains(name.toLowerCase(java.util.Locale.ROOT)))
                  x.getResponseHeaders().put(name, values);
              });
      x.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
      if (r.body().length > 0) x.getResponseBody().write(r.body());
    } catch (IOException | InterruptedException e) {
      byte[] msg = ("bad gateway: " + e).getBytes();
      x.sendResponseHeaders(502, msg.length);
      x.getResponseBody().write(msg);
    } finally {
      x.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
