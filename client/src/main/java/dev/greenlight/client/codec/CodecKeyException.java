package dev.greenlight.client.codec;

/**
 * The payload codec cannot do what it was asked: a key file that does not parse, or a payload
 * encrypted with a key this process was not given. The message says which file, line or key id; it
 * never holds key material.
 */
public final class CodecKeyException extends RuntimeException {
  public CodecKeyException(String message) {
    super(message);
  }
}
