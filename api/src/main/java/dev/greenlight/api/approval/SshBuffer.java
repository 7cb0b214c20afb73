package dev.greenlight.api.approval;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Reads and writes the SSH wire encoding (RFC 4251: uint32, string, mpint). */
final class SshBuffer {
  private final byte[] data;
  private int at;

  SshBuffer(byte[] data) {
    this.data = data;
  }

  int uint32() {
    need(4);
    int v =
        ((data[at] & 0xff) << 24)
            | ((data[at + 1] & 0xff) << 16)
            | ((data[at + 2] & 0xff) << 8)
            | (data[at + 3] & 0xff);
    at += 4;
    return v;
  }

  byte[] raw(int n) {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(data, at, out, 0, n);
    at += n;
    return out;
  }

  byte[] bytes() {
    int n = uint32();
    if (n < 0) throw new IllegalArgumentException("truncated");
    return raw(n);
  }

  String string() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  BigInteger mpint() {
    byte[] b = bytes();
    return b.length == 0 ? BigInteger.ZERO : new BigInteger(b);
  }

  void end() {
    if (at != data.length) throw new IllegalArgumentException("trailing bytes");
  }

  private void need(int n) {
    if (n < 0 || data.length - at < n) throw new IllegalArgumentException("truncated");
  }

  /** A value from the wire, safe to show: printable ASCII, at most 40 characters. */
  static String printable(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return "'" + (clean.length() > 40 ? clean.substring(0, 40) + "..." : clean) + "'";
  }

  /** Builds wire-encoded data. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Writer bytes(byte[] b) {
      int n = b.length;
      out.write(n >>> 24);
      out.write(n >>> 16);
      out.write(n >>> 8);
      out.write(n);
      out.writeBytes(b);
      return this;
    }

    Writer string(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }
}
