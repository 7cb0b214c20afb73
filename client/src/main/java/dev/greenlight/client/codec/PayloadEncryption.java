package dev.greenlight.client.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;

/**
 * The data converters Greenlight builds its clients with when payloads are encrypted. Failure
 * messages and stack traces are encrypted too (a failed hook's output is in its message); search
 * attributes are not payloads and stay plaintext.
 */
public final class PayloadEncryption {
  private PayloadEncryption() {}

  /** Encrypts with the first key, decrypts with any. */
  public static DataConverter dataConverter(CodecKeys keys) {
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(new AesGcmPayloadCodec(keys)), true);
  }

  /**
   * For readers of stored histories ({@code audit replay}, {@code audit report}): with keys, {@link
   * #dataConverter}; without, plaintext histories read as before and an encrypted one fails with a
   * message that names the key it needs.
   */
  public static DataConverter reader(CodecKeys keysOrNull) {
    if (keysOrNull != null) return dataConverter(keysOrNull);
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(AesGcmPayloadCodec.decodeOnly()), false);
  }
}
