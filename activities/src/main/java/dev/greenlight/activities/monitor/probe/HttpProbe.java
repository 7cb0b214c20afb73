package dev.greenlight.activities.monitor.probe;

import dev.greenlight.activities.http.HttpAnswer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Headers;

/**
 * Sends bursts of requests through the public URL, as users would, and measures them.
 *
 * <p>Asynchronous: the JDK's HTTP client keeps its connections alive and waits for every answer on
 * one selector thread, so a worker that samples a thousand releases holds no thread per request in
 * flight, and a sample starts when it is due instead of queueing behind others.
 */
public final class HttpProbe {
  /** Bytes of an answer's body kept for an error message; the rest is read and dropped. */
  static final int KEPT_BODY = 4096;

  /** The client every probe of the worker shares: one connection pool, one selector thread. */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(
              Executors.newCachedThreadPool(
                  r -> {
                    Thread t = new Thread(r, "greenlight-probe");
                    t.setDaemon(true);
                    return t;
                  }))
          .build();

  private final Duration requestTimeout;

  /**
   * @param requestTimeout no request waits longer for its answer
   */
  public HttpProbe(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
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
   * Sends {@code requests} GETs to {@code url}, one after another, calling {@code between} at least
   * once a second while it waits (a heartbeat).
   */
  public Burst send(String url, int requests, Runnable between) {
    return send(url, requests, 1, between);
  }

  /**
   * Sends {@code requests} GETs to {@code url}, at most {@code concurrency} at a time, and waits
   * for the burst, calling {@code between} at least once a second meanwhile.
   */
  public Burst send(String url, int requests, int concurrency, Runnable between) {
    CompletableFuture<Burst> burst = sendAsync(url, requests, concurrency);
    while (true) {
      try {
        Burst b = burst.get(1, TimeUnit.SECONDS);
        between.run();
        return b;
      } catch (TimeoutException e) {
        between.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        burst.cancel(true);
        throw new IllegalStateException("probe of " + url + " interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("probe of " + url + " failed: " + e.getCause(), e);
      }
    }
  }

  /**
   * Sends {@code requests} GETs to {@code url}, at most {@code concurrency} at a time over
   * kept-alive connections, without waiting: the burst completes when the last answer (or error) is
   * in. Concurrent requests make a sample last about one request's time, so a busy worker measures
   * the service rather than its own queue. Never completes exceptionally: a transport error is an
   * answer too.
   */
  public CompletableFuture<Burst> sendAsync(String url, int requests, int concurrency) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).GET().build();
    } catch (IllegalArgumentException e) {
      String error = "bad URL: " + e.getMessage();
      return CompletableFuture.completedFuture(
          new Burst(requests, requests, 0, requests == 0 ? null : error, 0));
    }
    BurstInFlight burst = new BurstInFlight(request, requests);
    int parallel = Math.max(1, Math.min(concurrency, requests));
    if (requests == 0) burst.result.complete(new Burst(0, 0, 0, null, 0));
    for (int i = 0; i < parallel && requests > 0; i++) burst.sendNext();
    return burst.result;
  }

  /** One burst's requests: each answer sends the next, until all were sent. */
  private final class BurstInFlight {
    final HttpRequest request;
    final long[] millis;
    final CompletableFuture<Burst> result = new CompletableFuture<>();
    int sent;
    int done;
    int errors;
    int answered;
    String lastError;

    BurstInFlight(HttpRequest request, int requests) {
      this.request = request;
      this.millis = new long[requests];
    }

    void sendNext() {
      int i;
      synchronized (this) {
        if (sent >= millis.length) return;
        i = sent++;
      }
      long start = System.nanoTime();
      CompletableFuture<HttpResponse<String>> call;
      try {
        call = CLIENT.sendAsync(request, info -> keptBody());
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      call.whenComplete(
          (response, failure) -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            HttpAnswer a =
                failure == null
                    ? new HttpAnswer(
                        request.uri().toString(),
                        response.statusCode(),
                        response.body(),
                        ms,
                        null,
                        Headers.of())
                    : new HttpAnswer(
                        request.uri().toString(), 0, "", ms, describe(failure, ms), Headers.of());
            answered(i, a);
          });
    }

    private void answered(int i, HttpAnswer a) {
      Burst finished = null;
      synchronized (this) {
        millis[i] = a.millis();
        if (a.answered()) answered++;
        if (a.failed()) {
          errors++;
          lastError = a.summary();
        }
        done++;
        if (done == millis.length) {
          finished = new Burst(millis.length, errors, p95(millis), lastError, answered);
        }
      }
      if (finished != null) result.complete(finished);
      else sendNext();
    }
  }

  /**
   * One request that is not measured: it opens the keep-alive connection (and, on a fresh worker,
   * loads the HTTP client), so the first sample measures the service rather than the worker.
   */
  public void warmUp(String url) {
    send(url, 1, () -> {});
  }

  /** Nearest-rank 95th percentile; 0 for no values. */
  public static long p95(long[] values) {
    if (values.length == 0) return 0;
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(0.95 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** What stood in the way of an answer, in the words the other HTTP checks use. */
  static String describe(Throwable failure, long millis) {
    Throwable e = failure;
    while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnresolvedAddressException) return "unknown host";
      if (t instanceof HttpConnectTimeoutException) return "no connection within " + millis + "ms";
      if (t instanceof HttpTimeoutException) return "no answer within " + millis + "ms (timeout)";
      if (t instanceof ConnectException) {
        String msg = t.getMessage();
        if (msg == null || msg.isEmpty()) msg = "Connection refused";
        return "connection refused (" + msg + ")";
      }
    }
    String msg = e.getMessage() == null ? "" : e.getMessage();
    return e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
  }

  /** The body's first {@value #KEPT_BODY} bytes as text; the rest is read and dropped. */
  private static HttpResponse.BodySubscriber<String> keptBody() {
    KeptBytes kept = new KeptBytes();
    return HttpResponse.BodySubscribers.fromSubscriber(kept, KeptBytes::text);
  }

  private static final class KeptBytes implements Flow.Subscriber<List<ByteBuffer>> {
    private final byte[] bytes = new byte[KEPT_BODY];
    private int length;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer b : buffers) {
        int n = Math.min(b.remaining(), bytes.length - length);
        b.get(bytes, length, n);
        length += n;
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    String text() {
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
  }
}
