package dev.greenlight.api.approval;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;

/**
 * A signature in the format {@code ssh-keygen -Y sign} writes (OpenSSH's PROTOCOL.sshsig): {@code
 * -----BEGIN SSH SIGNATURE-----}, base64, {@code -----END SSH SIGNATURE-----}. It carries the
 * signer's public key, a namespace, the hash algorithm and the signature over the message's hash.
 * Verified with the JDK's own crypto; pure computation.
 */
public final class SshSignature {
  /** The armor's first line. */
  public static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";

  /** The armor's last line. */
  public static final String END = "-----END SSH SIGNATURE-----";

  /** The longest armored signature accepted (an RSA-8192 one is about 3 KB). */
  public static final int MAX_CHARS = 8192;

  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);

  private final SshKey key;
  private final String namespace;
  private final String hashAlgorithm;
  private final String signatureType;
  private final byte[] signature;

  private SshSignature(
      SshKey key, String namespace, String hashAlgorithm, String signatureType, byte[] sig) {
    this.key = key;
    this.namespace = namespace;
    this.hashAlgorithm = hashAlgorithm;
    this.signatureType = signatureType;
    this.signature = sig;
  }

  /**
   * Parses an armored signature; whitespace (line breaks, or spaces where a form flattened them) is
   * ignored. The message of the exception says what is wrong, never repeating the input.
   */
  public static SshSignature parse(String armored) {
    if (armored == null || armored.isBlank()) {
      throw new IllegalArgumentException("the signature is empty");
    }
    if (armored.length() > MAX_CHARS) {
      throw new IllegalArgumentException("the signature is longer than " + MAX_CHARS + " chars");
    }
    String text = armored.strip().replace("\\n", "\n"); // a JSON "\n" pasted literally
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "not an SSH signature (expected " + BEGIN + " ... " + END + ")");
    }
    String body = text.substring(begin + BEGIN.length(), end).replaceAll("\\s+", "");
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the signature is not valid base64");
    }
    try {
      SshBuffer in = new SshBuffer(blob);
      byte[] magic = in.raw(MAGIC.length);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not an SSHSIG signature");
      }
      int version = in.uint32();
      if (version != 1) {
        throw new IllegalArgumentException("SSHSIG version " + version + " is not supported");
      }
      SshKey key = SshKey.parse(in.bytes());
      String namespace = in.string();
      in.bytes(); // reserved
      String hash = in.string();
      SshBuffer sig = new SshBuffer(in.bytes());
      in.end();
      String sigType = sig.string();
      byte[] sigBlob = sig.bytes();
      sig.end();
      return new SshSignature(key, namespace, hash, sigType, sigBlob);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the signature is malformed: " + e.getMessage());
    }
  }

  /** The key that made it (as the signature claims; {@link #verifies} proves it). */
  public SshKey key() {
    return key;
  }

  /** The namespace it was made for ({@code -n}). */
  public String namespace() {
    return namespace;
  }

  /**
   * True when this is a valid signature by {@link #key()} over {@code message} in {@code
   * namespace}.
   */
  public boolean verifies(byte[] message, String namespace) {
    if (!this.namespace.equals(namespace)) return false;
    try {
      String digest =
          switch (hashAlgorithm) {
            case "sha512" -> "SHA-512";
            case "sha256" -> "SHA-256";
            default -> null;
          };
      if (digest == null) return false;
      byte[] hash = MessageDigest.getInstance(digest).digest(message);
      byte[] signed =
          new SshBuffer.Writer()
              .raw(MAGIC)
              .string(namespace)
              .string("")
              .string(hashAlgorithm)
              .bytes(hash)
              .toBytes();
      Signature verifier;
      byte[] sig = signature;
      switch (key.type()) {
        case "ssh-ed25519" -> {
          if (!signatureType.equals("ssh-ed25519")) return false;
          verifier = Signature.getInstance("Ed25519");
        }
        case "ecdsa-sha2-nistp256" -> {
          if (!signatureType.equals("ecdsa-sha2-nistp256")) return false;
          verifier = Signature.getInstance("SHA256withECDSA");
          SshBuffer rs = new SshBuffer(signature);
          sig = der(rs.mpint(), rs.mpint());
          rs.end();
        }
        case "ssh-rsa" -> {
          // SHA-1 ("ssh-rsa") signatures are refused, as OpenSSH does for SSHSIG
          String algorithm =
              switch (signatureType) {
                case "rsa-sha2-512" -> "SHA512withRSA";
                case "rsa-sha2-256" -> "SHA256withRSA";
                default -> null;
              };
          if (algorithm == null) return false;
          verifier = Signature.getInstance(algorithm);
        }
        default -> {
          return false;
        }
      }
      verifier.initVerify(key.publicKey());
      verifier.update(signed);
      return verifier.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a signature the JDK cannot even read verifies nothing
    }
  }

  /** ECDSA (r, s) as the DER SEQUENCE the JDK expects. */
  private static byte[] der(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int len = 2 + rb.length + 2 + sb.length;
    out.write(0x30);
    if (len > 127) out.write(0x81);
    out.write(len);
    out.write(0x02);
    out.write(rb.length);
    out.writeBytes(rb);
    out.write(0x02);
    out.write(sb.length);
    out.writeBytes(sb);
    return out.toByteArray();
  }
}
