package dev.greenlight.client.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Temporal codec-server protocol over the payload codec, so the Temporal UI and CLI show
 * encrypted releases in the clear to whoever can reach this server: {@code POST /encode} and {@code
 * POST /decode} (also under a namespace prefix, {@code /NS/decode}), each taking and answering
 * {@code {"payloads": [{"metadata": {...}, "data": "..."}]}} in proto3 JSON (bytes as base64). With
 * a UI origin, it answers that origin's CORS preflight and allows its requests; other origins get
 * no CORS headers, so a browser on another site cannot read what it decodes.
 */
public final class CodecServer implements AutoCloseable {
  /** Payloads are small; a request above this is refused. */
  static final int MAX_BODY = 16 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService threads;
  private final PayloadCodec codec;
  private final String uiOrigin;

  private CodecServer(HttpServer server, PayloadCodec codec, String uiOrigin) {
    this.server = server;
    this.codec = codec;
    this.uiOrigin = uiOrigin == null ? null : stripSlash(uiOrigin);
    this.threads = Executors.newFixedThreadPool(4, r -> new Thread(r, "greenlight-codec-server"));
    server.setExecutor(threads);
    server.createContext("/", this::handle);
  }

  /**
   * Serves {@code codec} at {@code address} (port 0: any free port).
   *
   * @param uiOrigin the Temporal UI's origin (e.g. {@code http://localhost:8233}); null: no CORS
   */
  public static CodecServer start(InetSocketAddress address, PayloadCodec codec, String uiOrigin)
      throws IOException {
    CodecServer s = new CodecServer(HttpServer.create(address, 0), codec, uiOrigin);
    s.server.start();
    return s;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean encode = path.endsWith("/encode");
      boolean decode = path.endsWith("/decode");
      boolean allowed = allowCors(exchange);
      if (!encode && !decode) {
        send(exchange, 404, "not found: POST /encode or /decode");
        return;
      }
      String method = exchange.getRequestMethod();
      if (method.equals("OPTIONS")) {
        exchange.sendResponseHeaders(allowed ? 200 : 403, -1);
        return;
      }
      if (!method.equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
        send(exchange, 405, "use POST");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        send(exchange, 413, "request too large");
        return;
      }
      Payloads.Builder request = Payloads.newBuilder();
      try {
        JsonFormat.parser()
            .ignoringUnknownFields()
            .merge(new String(body, StandardCharsets.UTF_8), request);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        send(exchange, 400, "not a JSON {\"payloads\": [...]} body");
        return;
      }
      List<Payload> out;
      try {
        out =
            encode
                ? codec.encode(request.getPayloadsList())
                : codec.decode(request.getPayloadsList());
      } catch (CodecKeyException e) {
        send(exchange, 400, e.getMessage());
        return;
      }
      String json =
          out.isEmpty()
              ? "{\"payloads\": []}"
              : JsonFormat.printer()
                  .omittingInsignificantWhitespace()
                  .print(Payloads.newBuilder().addAllPayloads(out).build());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(bytes);
      }
    }
  }

  /** CORS headers for the configured UI origin only; true when the request comes from it. */
  private boolean allowCors(HttpExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (uiOrigin == null || origin == null || !stripSlash(origin).equals(uiOrigin)) return false;
    var h = exchange.getResponseHeaders();
    h.set("Access-Control-Allow-Origin", origin);
    h.set("Access-Control-Allow-Methods", "POST, OPTIONS");
    h.set("Access-Control-Allow-Headers", "Content-Type, X-Namespace, Authorization");
    h.set("Access-Control-Allow-Credentials", "true");
    h.set("Access-Control-Max-Age", "600");
    h.set("Vary", "Origin");
    return true;
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(bytes);
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
