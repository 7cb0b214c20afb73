package dev.greenlight.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CodecServerTest {
  static final String UI = "http://localhost:8233";
  final CodecKeys keys =
      CodecKeys.parse("test-keys", List.of("k1=" + AesGcmPayloadCodecTest.key(3)));
  final DataConverter worker = PayloadEncryption.dataConverter(keys);
  final HttpClient http = HttpClient.newHttpClient();
  CodecServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        CodecServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new AesGcmPayloadCodec(keys),
            UI);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> post(String path, String body, String origin) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .header("X-Namespace", "default")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) b.header("Origin", origin);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void decodesWhatTheWorkerEncoded() throws Exception {
    Payload encrypted = worker.toPayload("comment: looks good, ship it").orElseThrow();
    String body = JsonFormat.printer().print(Payloads.newBuilder().addPayloads(encrypted).build());
    assertFalse(body.contains("ship it"));

    HttpResponse<String> r = post("/default/decode", body, UI);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(UI, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    Payloads.Builder decoded = Payloads.newBuilder();
    JsonFormat.parser().merge(r.body(), decoded);
    Payload plain = decoded.getPayloads(0);
    assertEquals("json/plain", plain.getMetadataOrThrow("encoding").toStringUtf8());
    assertEquals(
        "comment: looks good, ship it", worker.fromPayload(plain, String.class, String.class));

    // and /encode gives back what the worker can read
    String plainBody = JsonFormat.printer().print(decoded.build());
    HttpResponse<String> enc = post("/encode", plainBody, null);
    assertEquals(200, enc.statusCode(), enc.body());
    assertFalse(enc.body().contains(plain.getData().toStringUtf8()));
    Payloads.Builder again = Payloads.newBuilder();
    JsonFormat.parser().merge(enc.body(), again);
    assertTrue(AesGcmPayloadCodec.isEncrypted(again.getPayloads(0)));
    assertEquals(
        "comment: looks good, ship it",
        worker.fromPayload(again.getPayloads(0), String.class, String.class));
  }

  @Test
  void answersThePreflightOfTheConfiguredOriginOnly() throws Exception {
    HttpResponse<String> ok = preflight(UI);
    assertEquals(200, ok.statusCode());
    assertEquals(UI, ok.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(
        ok.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("X-Namespace"));
    assertTrue(ok.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));

    HttpResponse<String> other = preflight("https://evil.example");
    assertEquals(403, other.statusCode());
    assertNull(other.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
  }

  @Test
  void anUnknownKeyOrABadBodyIsA400WithAReason() throws Exception {
    DataConverter other =
        PayloadEncryption.dataConverter(
            CodecKeys.parse("other", List.of("k9=" + AesGcmPayloadCodecTest.key(4))));
    String body =
        JsonFormat.printer()
            .print(Payloads.newBuilder().addPayloads(other.toPayload("x").orElseThrow()).build());
    HttpResponse<String> r = post("/decode", body, null);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("payload encrypted with key 'k9'"), r.body());
    assertEquals(400, post("/decode", "not json", null).statusCode());
    assertEquals(404, post("/other", "{}", null).statusCode());
  }

  HttpResponse<String> preflight(String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/decode"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,x-namespace")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
