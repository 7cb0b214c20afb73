package dev.greenlight.client.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys of {@code --codec-key-file} / {@code GREENLIGHT_CODEC_KEYS}: one {@code
 * id=base64key} a line ({@code #} comments and blank lines allowed). The first key encrypts; every
 * key decrypts, so a rotation puts the new key first and keeps the old ones below it.
 */
public final class CodecKeys {
  /** The option and its env var. */
  public static final String OPTION = "--codec-key-file";

  public static final String ENV = "GREENLIGHT_CODEC_KEYS";

  private final String source;
  private final String encryptingId;
  private final Map<String, SecretKey> keys;

  private CodecKeys(String source, Map<String, SecretKey> keys) {
    this.source = source;
    this.keys = Map.copyOf(keys);
    this.encryptingId = keys.keySet().iterator().next();
  }

  /**
   * Reads a key file.
   *
   * @throws CodecKeyException naming the file and line of the first problem (never the key)
   */
  public static CodecKeys load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new CodecKeyException(file + ": cannot read the codec key file (" + reason(e) + ")");
    }
    return parse(file.toString(), lines);
  }

  /** Parses key lines; {@code source} names them in errors. */
  public static CodecKeys parse(String source, List<String> lines) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String where = source + ":" + (i + 1) + ": ";
      int eq = line.indexOf('=');
      if (eq <= 0) throw new CodecKeyException(where + "expected id=base64key");
      String id = line.substring(0, eq).strip();
      if (!id.matches("[A-Za-z0-9._-]+")) {
        throw new CodecKeyException(
            where + "key id '" + id + "' must be letters, digits, '.', '_' or '-'");
      }
      if (keys.containsKey(id)) throw new CodecKeyException(where + "key id '" + id + "' twice");
      byte[] key;
      try {
        key = Base64.getDecoder().decode(line.substring(eq + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new CodecKeyException(where + "key '" + id + "' is not base64");
      }
      if (key.length != 32) {
        throw new CodecKeyException(
            where
                + "key '"
                + id
                + "' is "
                + key.length
                + " bytes; AES-256 needs 32 (e.g. openssl rand -base64 32)");
      }
      keys.put(id, new SecretKeySpec(key, "AES"));
    }
    if (keys.isEmpty()) throw new CodecKeyException(source + ": no keys (expected id=base64key)");
    return new CodecKeys(source, keys);
  }

  /** The key file given by the option, else by {@value #ENV}, else none (codec off). */
  public static Optional<CodecKeys> from(Path option) {
    if (option != null) return Optional.of(load(option));
    String env = System.getenv(ENV);
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(load(Path.of(env)));
  }

  /** Where the keys came from (a file name), for messages. */
  public String source() {
    return source;
  }

  /** The id of the key that encrypts: the first in the file. */
  public String encryptingId() {
    return encryptingId;
  }

  SecretKey encryptingKey() {
    return keys.get(encryptingId);
  }

  Optional<SecretKey> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** The key ids, in no particular order. */
  public List<String> ids() {
    return new ArrayList<>(keys.keySet());
  }

  @Override
  public String toString() {
    return "CodecKeys[" + source + ", encrypting with '" + encryptingId + "']";
  }

  private static String reason(Exception e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
  }
}
