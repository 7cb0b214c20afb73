package dev.greenlight.activities.monitor.prometheus;

import dev.greenlight.testkit.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Debian's {@code prometheus}, started by the test with its own config and data folder on a free
 * loopback port, scraping the given targets every 500 ms, and stopped after.
 */
final class PrometheusProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private PrometheusProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * @param targets host:port of each scraped app, with the labels Prometheus adds to its series
   */
  static PrometheusProcess start(Path dir, Map<String, Map<String, String>> targets)
      throws Exception {
    StringBuilder config =
        new StringBuilder(
            "global: {scrape_interval: 500ms, scrape_timeout: 400ms}\n"
                + "scrape_configs:\n"
                + "  - job_name: app\n"
                + "    static_configs:\n");
    targets.forEach(
        (target, labels) -> {
          config.append("      - targets: ['").append(target).append("']\n");
          config.append("        labels: {");
          config.append(
              String.join(
                  ", ",
                  labels.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()));
          config.append("}\n");
        });
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    int port = FreePort.find();
    Process p =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + file,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    PrometheusProcess prometheus = new PrometheusProcess(p, port);
    prometheus.awaitReady(dir);
    return prometheus;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Waits until {@code promql} returns a series (its targets have been scraped enough). */
  void awaitSeries(String promql) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String url =
        url()
            + "/api/v1/query?query="
            + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      if (body.contains("\"value\"") && !body.contains("NaN")) return;
      Thread.sleep(200);
    }
    throw new IllegalStateException("no data within 60 s for " + promql);
  }

  private void awaitReady(Path dir) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException("prometheus not ready within 60 s");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
