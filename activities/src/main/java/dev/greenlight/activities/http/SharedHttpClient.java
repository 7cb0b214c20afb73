package dev.greenlight.activities.http;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client every activity uses: short timeouts, connections kept alive and reused like
 * a browser's, redirects not followed (a check sees the status the endpoint answers).
 */
public final class SharedHttpClient {
  private static final OkHttpClient CLIENT =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(2))
          .readTimeout(Duration.ofSeconds(5))
          .writeTimeout(Duration.ofSeconds(5))
          .callTimeout(Duration.ofSeconds(10))
          .followRedirects(false)
          .followSslRedirects(false)
          .build();

  private SharedHttpClient() {}

  /** The shared client (10 s per call at most). */
  public static OkHttpClient get() {
    return CLIENT;
  }

  /** The shared client's pool and dispatcher with a different bound on a whole call. */
  public static OkHttpClient withCallTimeout(Duration callTimeout) {
    Duration read =
        callTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? callTimeout : Duration.ofSeconds(5);
    return CLIENT.newBuilder().callTimeout(callTimeout).readTimeout(read).build();
  }
}
