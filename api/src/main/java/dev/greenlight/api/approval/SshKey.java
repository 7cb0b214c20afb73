package dev.greenlight.api.approval;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An SSH public key in its wire form (the base64 of an {@code authorized_keys} or {@code
 * allowed_signers} line), for the types Greenlight verifies with the JDK's own crypto: {@code
 * ssh-ed25519}, {@code ecdsa-sha2-nistp256} and {@code ssh-rsa}. Pure computation, no I/O: the
 * workflow uses it, so it replays deterministically.
 */
public final class SshKey {
  /** The key types Greenlight can verify. */
  public static final List<String> TYPES = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa");

  /** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
  private static final byte[] ED25519_PREFIX = hex("302a300506032b6570032100");

  /** The same for an uncompressed (65-byte) NIST P-256 point. */
  private static final byte[] P256_PREFIX =
      hex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

  private final String type;
  private final byte[] blob;
  private final PublicKey key;

  private SshKey(String type, byte[] blob, PublicKey key) {
    this.type = type;
    this.blob = blob;
    this.key = key;
  }

  /** Parses a key blob; the message says what is wrong (without repeating the key). */
  public static SshKey parse(byte[] blob) {
    SshBuffer in = new SshBuffer(blob);
    String type = in.string();
    try {
      PublicKey key =
          switch (type) {
            case "ssh-ed25519" -> {
              byte[] raw = in.bytes();
              if (raw.length != 32) throw new IllegalArgumentException("bad ed25519 key length");
              yield KeyFactory.getInstance("Ed25519")
                  .generatePublic(new X509EncodedKeySpec(concat(ED25519_PREFIX, raw)));
            }
            case "ecdsa-sha2-nistp256" -> {
              if (!in.string().equals("nistp256")) {
                throw new IllegalArgumentException("the curve is not nistp256");
              }
              byte[] q = in.bytes();
              if (q.length != 65 || q[0] != 4) {
                throw new IllegalArgumentException("not an uncompressed nistp256 point");
              }
              yield KeyFactory.getInstance("EC")
                  .generatePublic(new X509EncodedKeySpec(concat(P256_PREFIX, q)));
            }
            case "ssh-rsa" -> {
              BigInteger e = in.mpint();
              BigInteger n = in.mpint();
              if (n.bitLength() < 2048) {
                throw new IllegalArgumentException(
                    "an RSA key of " + n.bitLength() + " bits is too weak (2048 at least)");
              }
              yield KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            }
            default ->
                throw new IllegalArgumentException(
                    "unsupported key type "
                        + SshBuffer.printable(type)
                        + " (supported: "
                        + String.join(", ", TYPES)
                        + ")");
          };
      in.end();
      return new SshKey(type, blob.clone(), key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a valid " + type + " key: " + e.getMessage());
    }
  }

  /** Parses the base64 of a key blob, checking it is of {@code type}. */
  public static SshKey parse(String type, String base64) {
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key is not valid base64");
    }
    SshKey key = parse(blob);
    if (!key.type.equals(type)) {
      throw new IllegalArgumentException(
          "the key says it is " + key.type + " but the line says " + SshBuffer.printable(type));
    }
    return key;
  }

  /** ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa. */
  public String type() {
    return type;
  }

  /** The key as the JDK knows it. */
  PublicKey publicKey() {
    return key;
  }

  /** The key blob (a copy). */
  public byte[] blob() {
    return blob.clone();
  }

  /** Same key blob. */
  public boolean sameAs(SshKey other) {
    return other != null && Arrays.equals(blob, other.blob);
  }

  /** As {@code ssh-keygen -l} prints it: {@code SHA256:} and the unpadded base64 of the hash. */
  public String fingerprint() {
    return fingerprint(blob);
  }

  static String fingerprint(byte[] blob) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
