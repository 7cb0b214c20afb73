package dev.greenlight.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AesGcmPayloadCodecTest {
  @TempDir Path dir;

  static String key(int fill) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) fill);
    return Base64.getEncoder().encodeToString(k);
  }

  Path keyFile(String... lines) throws Exception {
    Path f = dir.resolve("keys-" + System.nanoTime());
    Files.write(f, List.of(lines));
    return f;
  }

  @Test
  void roundTripHidesThePlaintextAndNamesTheKey() throws Exception {
    DataConverter dc = PayloadEncryption.dataConverter(CodecKeys.load(keyFile("k1=" + key(1))));
    Map<String, String> spec = Map.of("url", "http://shop.internal:8081/health");
    Payload p = dc.toPayload(spec).orElseThrow();
    String raw = p.toByteString().toString(StandardCharsets.ISO_8859_1);
    assertFalse(raw.contains("shop.internal"), "ciphertext holds the plaintext");
    assertEquals("binary/encrypted", p.getMetadataOrThrow("encoding").toStringUtf8());
    assertEquals("k1", p.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    assertEquals(spec, dc.fromPayload(p, Map.class, Map.class));
    Payload again = dc.toPayload(spec).orElseThrow();
    assertNotEquals(p.getData(), again.getData(), "a fresh nonce per payload");
  }

  @Test
  void rotationTheFirstKeyEncryptsAndOldKeysStillDecrypt() throws Exception {
    DataConverter old = PayloadEncryption.dataConverter(CodecKeys.load(keyFile("k1=" + key(1))));
    Payload before = old.toPayload("approved by alice").orElseThrow();
    DataConverter rotated =
        PayloadEncryption.dataConverter(
            CodecKeys.load(keyFile("# new key first", "k2=" + key(2), "k1=" + key(1))));
    assertEquals("approved by alice", rotated.fromPayload(before, String.class, String.class));
    Payload after = rotated.toPayload("ok").orElseThrow();
    assertEquals("k2", after.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    CodecKeyException e =
        assertThrows(
            CodecKeyException.class, () -> old.fromPayload(after, String.class, String.class));
    assertTrue(e.getMessage().contains("payload encrypted with key 'k2', not in --codec-key-file"));
  }

  @Test
  void aWrongKeyUnderTheSameIdIsAClearError() throws Exception {
    Payload p =
        PayloadEncryption.dataConverter(CodecKeys.load(keyFile("k1=" + key(1))))
            .toPayload("x")
            .orElseThrow();
    DataConverter wrong = PayloadEncryption.dataConverter(CodecKeys.load(keyFile("k1=" + key(9))));
    CodecKeyException e =
        assertThrows(
            CodecKeyException.class, () -> wrong.fromPayload(p, String.class, String.class));
    assertTrue(e.getMessage().contains("does not decrypt"), e.getMessage());
  }

  @Test
  void withoutKeysPlaintextReadsAndEncryptedNamesItsKey() throws Exception {
    DataConverter reader = PayloadEncryption.reader(null);
    Payload plain = reader.toPayload("hello").orElseThrow();
    assertEquals("hello", reader.fromPayload(plain, String.class, String.class));
    Payload p =
        PayloadEncryption.dataConverter(CodecKeys.load(keyFile("k7=" + key(1))))
            .toPayload("x")
            .orElseThrow();
    CodecKeyException e =
        assertThrows(
            CodecKeyException.class, () -> reader.fromPayload(p, String.class, String.class));
    assertTrue(e.getMessage().contains("'k7'") && e.getMessage().contains("GREENLIGHT_CODEC_KEYS"));
  }

  @Test
  void failureMessagesHookOutputIncludedAreEncryptedToo() throws Exception {
    DataConverter dc = PayloadEncryption.dataConverter(CodecKeys.load(keyFile("k1=" + key(1))));
    var failure = dc.exceptionToFailure(new RuntimeException("deploy.sh: token=hunter2 rejected"));
    String raw = failure.toByteString().toString(StandardCharsets.ISO_8859_1);
    assertFalse(raw.contains("hunter2"), "a failure message is stored in the clear");
    assertTrue(failure.hasEncodedAttributes());
    Map<?, ?> attributes = dc.fromPayload(failure.getEncodedAttributes(), Map.class, Map.class);
    assertEquals("deploy.sh: token=hunter2 rejected", attributes.get("message"));
  }

  @Test
  void aBadKeyFileNamesFileAndLineAndNeverTheKey() throws Exception {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    Path f = keyFile("k1=" + key(1), "", "k2=" + shortKey);
    CodecKeyException e = assertThrows(CodecKeyException.class, () -> CodecKeys.load(f));
    assertTrue(e.getMessage().startsWith(f + ":3: "), e.getMessage());
    assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
    assertFalse(e.getMessage().contains(shortKey));
    assertFalse(e.getMessage().contains(key(1)));

    Path noEq = keyFile("just-a-key");
    assertTrue(
        assertThrows(CodecKeyException.class, () -> CodecKeys.load(noEq))
            .getMessage()
            .startsWith(noEq + ":1: expected id=base64key"));
    Path notB64 = keyFile("k1=%%%secret%%%");
    String m = assertThrows(CodecKeyException.class, () -> CodecKeys.load(notB64)).getMessage();
    assertTrue(m.startsWith(notB64 + ":1: key 'k1' is not base64"), m);
    assertFalse(m.contains("secret"));
    assertThrows(CodecKeyException.class, () -> CodecKeys.load(keyFile("# only a comment")));
    assertThrows(CodecKeyException.class, () -> CodecKeys.load(dir.resolve("missing")));
  }
}
