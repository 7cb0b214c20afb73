package dev.greenlight.client.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload with AES-256-GCM: the whole original payload (its metadata too) becomes
 * the ciphertext, under a random 12-byte nonce, with the key id in the clear metadata so a key can
 * be rotated: {@code encoding: binary/encrypted}, {@code encryption-key-id: <id>}; data is nonce
 * then ciphertext and tag. The key id is also the associated data, so a payload cannot be passed
 * off under another id.
 *
 * <p>Without keys ({@link #decodeOnly()}) it encrypts nothing and, asked to decrypt, says which key
 * the payload needs. Payloads that are not encrypted pass through both ways on decode, so histories
 * from before the codec was turned on still read.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {
  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  static final String ENCODING_KEY = "encoding";

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CodecKeys keys;

  public AesGcmPayloadCodec(CodecKeys keys) {
    this.keys = keys;
  }

  /** A codec with no keys: encodes nothing, and explains an encrypted payload it cannot read. */
  public static AesGcmPayloadCodec decodeOnly() {
    return new AesGcmPayloadCodec(null);
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    if (keys == null) return payloads;
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  /** True when {@code payload} is one this codec wrote. */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataMap().get(ENCODING_KEY));
  }

  private Payload encrypt(Payload plain) {
    String id = keys.encryptingId();
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.encryptingKey(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      sealed = cipher.doFinal(plain.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM: " + e, e);
    }
    return Payload.newBuilder()
        .putMetadata(ENCODING_KEY, ENCODING_BYTES)
        .putMetadata(KEY_ID, ByteString.copyFromUtf8(id))
        .setData(
            ByteString.copyFrom(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()))
        .build();
  }

  private Payload decrypt(Payload payload) {
    if (!isEncrypted(payload)) return payload;
    ByteString idBytes = payload.getMetadataMap().get(KEY_ID);
    String id = idBytes == null ? "" : idBytes.toStringUtf8();
    if (keys == null) {
      throw new CodecKeyException(
          "payload encrypted with key '"
              + id
              + "'; give its key with "
              + CodecKeys.OPTION
              + " or "
              + CodecKeys.ENV);
    }
    SecretKey key =
        keys.key(id)
            .orElseThrow(
                () ->
                    new CodecKeyException(
                        "payload encrypted with key '"
                            + id
                            + "', not in "
                            + CodecKeys.OPTION
                            + " ("
                            + keys.source()
                            + ")"));
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new CodecKeyException("payload encrypted with key '" + id + "' is truncated");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (AEADBadTagException e) {
      throw new CodecKeyException(
          "payload encrypted with key '"
              + id
              + "' does not decrypt with the key of that id in "
              + keys.source()
              + " (wrong key, or the payload was altered)");
    } catch (InvalidProtocolBufferException e) {
      throw new CodecKeyException("payload encrypted with key '" + id + "' is not a payload");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM: " + e, e);
    }
  }
}
