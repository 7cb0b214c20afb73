package dev.greenlight.activities.monitor.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One color of a small app that exports its real request metrics in Prometheus text format, as an
 * app instrumented with Micrometer would: {@code http_requests_total{code}} and the {@code
 * http_server_requests_seconds} histogram, at {@code /metrics}. Its users' page {@code /} answers
 * 500 while {@link #faulty} is set; {@code /health} always answers 200 (with the color in {@code
 * X-Color}), so the fault shows only in real traffic.
 */
final class MeteredColor implements AutoCloseable {
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  final String color;
  volatile boolean faulty;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final LongAdder ok = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder[] buckets = new LongAdder[BUCKETS.length];
  private final LongAdder count = new LongAdder();
  private final AtomicLong sumMicros = new AtomicLong();
  private final AtomicLong firstBadScrapeMillis = new AtomicLong();

  MeteredColor(String color) throws IOException {
    this.color = color;
    for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/health", ex -> answer(ex, 200, "{\"version\":\"1\"}"));
    server.createContext("/metrics", this::metrics);
    server.createContext("/", this::page);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** When Prometheus first scraped an error count above 0 (epoch ms), or 0. */
  long firstBadScrapeMillis() {
    return firstBadScrapeMillis.get();
  }

  private void page(HttpExchange ex) throws IOException {
    long start = System.nanoTime();
    boolean fail = faulty;
    answer(ex, fail ? 500 : 200, fail ? "broken" : color);
    double seconds = (System.nanoTime() - start) / 1e9;
    (fail ? errors : ok).increment();
    count.increment();
    sumMicros.addAndGet(Math.round(seconds * 1e6));
    for (int i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) buckets[i].increment();
  }

  private void metrics(HttpExchange ex) throws IOException {
    StringBuilder m = new StringBuilder();
    m.append("# TYPE http_requests_total counter\n");
    m.append("http_requests_total{code=\"200\"} ").append(ok.sum()).append('\n');
    m.append("http_requests_total{code=\"500\"} ").append(errors.sum()).append('\n');
    m.append("# TYPE http_server_requests_seconds histogram\n");
    for (int i = 0; i < BUCKETS.length; i++) {
      m.append("http_server_requests_seconds_bucket{le=\"")
          .append(BUCKETS[i])
          .append("\"} ")
          .append(buckets[i].sum())
          .append('\n');
    }
    m.append("http_server_requests_seconds_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
    m.append("http_server_requests_seconds_count ").append(count.sum()).append('\n');
    m.append("http_server_requests_seconds_sum ").append(sumMicros.get() / 1e6).append('\n');
    if (errors.sum() > 0) firstBadScrapeMillis.compareAndSet(0, System.currentTimeMillis());
    answer(ex, 200, m.toString());
  }

  private void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("X-Color", color);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
