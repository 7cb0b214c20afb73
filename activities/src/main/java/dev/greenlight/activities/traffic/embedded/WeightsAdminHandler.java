package dev.greenlight.activities.traffic.embedded;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET/PUT /__greenlight/weights} on the admin listener: reads or changes the proxy's {@link
 * LiveWeights}, for a request carrying {@code Authorization: Bearer <token>}. See {@link
 * EmbeddedProxy} for the protocol.
 */
final class WeightsAdminHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(WeightsAdminHandler.class);
  private static final int MAX_BODY = 4096;

  private final LiveWeights weights;
  private final byte[] expected;

  WeightsAdminHandler(LiveWeights weights, String token) {
    this.weights = weights;
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this); // it reads a body and writes a file: not on an IO thread
      return;
    }
    exchange.startBlocking();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    // constant time: the comparison must not tell how much of a guess was right
    if (auth == null || !MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.UTF_8))) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      error(exchange, 401, "missing or wrong admin token (Authorization: Bearer <token>)");
      return;
    }
    HttpString method = exchange.getRequestMethod();
    if (method.equals(Methods.GET)) {
      exchange.getResponseSender().send(weights.current().toJson());
      return;
    }
    if (!method.equals(Methods.PUT) && !method.equals(Methods.POST)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, PUT");
      error(exchange, 405, "use GET to read the weights, PUT to change them");
      return;
    }
    String body;
    try (InputStream in = exchange.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        error(exchange, 413, "body too large; expected {\"blue\":0,\"green\":100}");
        return;
      }
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    try {
      Weights next = weights.update(current -> Weights.fromJson(body, current.live()));
      exchange.getResponseSender().send(next.toJson());
    } catch (IllegalArgumentException e) {
      error(exchange, 400, e.getMessage());
    } catch (IOException e) {
      log.warn("cannot store weights in {}: {}", weights.stateFile().path(), e.toString());
      error(
          exchange,
          500,
          "cannot write the state file "
              + weights.stateFile().path()
              + ": "
              + e.getMessage()
              + "; nothing changed");
    }
  }

  private static void error(HttpServerExchange exchange, int status, String message) {
    exchange.setStatusCode(status);
    exchange
        .getResponseSender()
        .send(JsonNodeFactory.instance.objectNode().put("error", message).toString());
  }
}
