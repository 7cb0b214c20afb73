package dev.greenlight.activities.monitor.probe;

import dev.greenlight.activities.http.HttpAnswer;
import java.util.Arrays;
import okhttp3.OkHttpClient;

/** Sends bursts of requests through the public URL, as users would, and measures them. */
public final class HttpProbe {
  private final OkHttpClient client;

  /**
   * @param client reuses connections like a browser; bounds each request (about 5 s)
   */
  public HttpProbe(OkHttpClient client) {
    this.client = client;
  }

  /**
   * What one burst saw.
   *
   * @param requests requests sent
   * @param errors 5xx answers and transport errors
   * @param p95Ms 95th percentile latency (nearest rank) of all requests, failed ones included
   * @param lastError the last failure seen, or null
   */
  public record Burst(int requests, int errors, long p95Ms, String lastError) {}

  /**
   * Sends {@code requests} GETs to {@code url}, one after another, calling {@code between} after
   * each.
   */
  public Burst send(String url, int requests, Runnable between) {
    long[] millis = new long[requests];
    int errors = 0;
    String lastError = null;
    for (int i = 0; i < requests; i++) {
      HttpAnswer a = HttpAnswer.get(client, url);
      millis[i] = a.millis();
      if (a.failed()) {
        errors++;
        lastError = a.summary();
      }
      between.run();
    }
    return new Burst(requests, errors, p95(millis), lastError);
  }

  /**
   * One request that is not measured: it opens the keep-alive connection (and, on a fresh worker,
   * loads the HTTP client), so the first sample measures the service rather than the worker.
   */
  public void warmUp(String url) {
    HttpAnswer.get(client, url);
  }

  /** Nearest-rank 95th percentile; 0 for no values. */
  public static long p95(long[] values) {
    if (values.length == 0) return 0;
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(0.95 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
