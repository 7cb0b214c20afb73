package dev.greenlight.activities.monitor.probe;

import dev.greenlight.activities.http.HttpAnswer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
   * @param answered requests that got an HTTP answer, whatever its status (a timeout, a refused
   *     connection is none)
   */
  public record Burst(int requests, int errors, long p95Ms, String lastError, int answered) {}

  /**
   * Sends {@code requests} GETs to {@code url}, one after another, calling {@code between} after
   * each.
   */
  public Burst send(String url, int requests, Runnable between) {
    return send(url, requests, 1, between);
  }

  /**
   * Sends {@code requests} GETs to {@code url}, at most {@code concurrency} at a time over the
   * client's kept-alive connections, calling {@code between} as answers arrive. Concurrent requests
   * make a sample last about one request's time, so a busy worker measures the service rather than
   * its own queue.
   */
  public Burst send(String url, int requests, int concurrency, Runnable between) {
    long[] millis = new long[requests];
    int errors = 0;
    int answered = 0;
    String lastError = null;
    int parallel = Math.max(1, Math.min(concurrency, requests));
    List<Future<HttpAnswer>> inFlight = new ArrayList<>();
    int sent = 0;
    for (int i = 0; i < requests; i++) {
      while (sent < requests && sent - i < parallel) {
        inFlight.add(POOL.submit(() -> HttpAnswer.get(client, url)));
        sent++;
      }
      HttpAnswer a = answer(inFlight.get(i), url);
      millis[i] = a.millis();
      if (a.answered()) answered++;
      if (a.failed()) {
        errors++;
        lastError = a.summary();
      }
      between.run();
    }
    return new Burst(requests, errors, p95(millis), lastError, answered);
  }

  /** Threads that wait for probe answers; daemon, shared by every probe of the worker. */
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "greenlight-probe");
            t.setDaemon(true);
            return t;
          });

  private static HttpAnswer answer(Future<HttpAnswer> f, String url) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new IllegalStateException("probe of " + url + " interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("probe of " + url + " failed: " + e.getCause(), e);
    }
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
