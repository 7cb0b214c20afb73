package dev.greenlight.activities.traffic.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.router.embedded.EmbeddedSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Router type {@code embedded}: drives an {@link EmbeddedProxy} through its admin endpoint ({@code
 * GET/PUT http://<admin>/__greenlight/weights}, with the token from the env var {@code
 * router.embedded.tokenEnv}, default {@value EmbeddedProxy#TOKEN_ENV}). The proxy usually runs in
 * another process ({@code greenlight dev}, {@code greenlight demo} or {@link EmbeddedProxyMain}),
 * so this router never needs to share memory with it.
 */
public final class EmbeddedRouter implements TrafficRouter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI adminUri;
  private final String authorization;
  private final HttpClient http;

  /**
   * @param spec the {@code router.embedded} section (may be null: everything defaults)
   * @param routerUrl {@code router.url}; the proxy's listen address defaults to its host:port
   * @param environment where the admin token is read (the worker's environment)
   * @throws RouterException when the token's env var is not set
   */
  public EmbeddedRouter(EmbeddedSpec spec, String routerUrl, UnaryOperator<String> environment)
      throws RouterException {
    String listen = spec != null && spec.listen() != null ? spec.listen() : listenOf(routerUrl);
    String admin =
        spec != null && spec.admin() != null ? spec.admin() : EmbeddedProxy.defaultAdmin(listen);
    // a proxy listening on all interfaces is reached on loopback
    String hostPort =
        admin.startsWith(":")
            ? "127.0.0.1" + admin
            : admin.startsWith("0.0.0.0:")
                ? "127.0.0.1" + admin.substring("0.0.0.0".length())
                : admin;
    this.adminUri = URI.create("http://" + hostPort + EmbeddedProxy.ADMIN_PATH);
    String tokenEnv =
        spec != null && spec.tokenEnv() != null ? spec.tokenEnv() : EmbeddedProxy.TOKEN_ENV;
    String token = environment.apply(tokenEnv);
    if (token == null || token.isBlank()) {
      throw new RouterException(
          "the env var "
              + tokenEnv
              + " is not set on the worker: it holds the embedded proxy's admin token (the value"
              + " the proxy was started with)",
          false);
    }
    this.authorization = "Bearer " + token;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** The admin endpoint this router talks to. */
  public URI adminUri() {
    return adminUri;
  }

  @Override
  public Color liveColor() throws RouterException {
    return read().live();
  }

  @Override
  public String route(Color color, int percent) throws RouterException {
    if (percent < 0 || percent > 100) {
      throw new RouterException("traffic share " + percent + "% is outside 0..100", false);
    }
    Weights before = read();
    Weights wanted = Weights.percentOn(color, percent, before.live());
    if (before.sameSplit(wanted)) {
      return "already " + before.describe() + " on the embedded proxy at " + hostPort();
    }
    Weights after =
        send(
            HttpRequest.newBuilder(adminUri)
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"blue\":" + wanted.blue() + ",\"green\":" + wanted.green() + "}"))
                .build());
    return "embedded proxy at "
        + hostPort()
        + ": "
        + after.describe()
        + " (was "
        + before.describe()
        + ")";
  }

  private Weights read() throws RouterException {
    return send(
        HttpRequest.newBuilder(adminUri)
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .GET()
            .build());
  }

  private Weights send(HttpRequest request) throws RouterException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new RouterException(
          "the embedded proxy does not answer at "
              + hostPort()
              + "; start it (greenlight dev, or EmbeddedProxyMain) or fix router.url /"
              + " router.embedded.admin",
          true,
          e);
    } catch (HttpTimeoutException e) {
      throw new RouterException(
          "the embedded proxy at "
              + hostPort()
              + " did not answer within "
              + TIMEOUT.toSeconds()
              + "s",
          true,
          e);
    } catch (IOException e) {
      throw new RouterException(
          "cannot reach the embedded proxy at " + hostPort() + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RouterException(
          "interrupted while talking to the embedded proxy at " + hostPort(), true, e);
    }
    int status = response.statusCode();
    if (status == 401) {
      throw new RouterException(
          "the embedded proxy at "
              + hostPort()
              + " refused the admin token: the worker's token env var must hold the value the"
              + " proxy was started with",
          false);
    }
    if (status == 404) {
      throw new RouterException(
          "something answers at "
              + hostPort()
              + " but it is not Greenlight's embedded proxy (404 on "
              + EmbeddedProxy.ADMIN_PATH
              + "); check router.url / router.embedded.admin",
          false);
    }
    if (status != 200) {
      // 5xx: e.g. the state file could not be written; worth retrying. 4xx: a request we must not
      // repeat.
      throw new RouterException(
          "the embedded proxy at "
              + hostPort()
              + " answered "
              + status
              + ": "
              + errorOf(response.body()),
          status >= 500);
    }
    try {
      return Weights.fromJson(response.body(), Color.BLUE);
    } catch (IllegalArgumentException e) {
      throw new RouterException(
          "the embedded proxy at " + hostPort() + " sent weights I cannot read: " + e.getMessage(),
          false);
    }
  }

  private static String errorOf(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.hasNonNull("error")) return n.get("error").asText();
    } catch (IOException ignored) {
      // not JSON: show it as it is
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  private String hostPort() {
    return adminUri.getHost() + ":" + adminUri.getPort();
  }

  private static String listenOf(String routerUrl) {
    if (routerUrl == null)
      throw new IllegalArgumentException(
          "router.url is missing: the embedded router needs the proxy's address");
    URI u = URI.create(routerUrl);
    int port = u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    return u.getHost() + ":" + port;
  }
}
