package dev.greenlight.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for tests: one nobody listens on right now, or one that something holds. */
public final class FreePort {
  private FreePort() {}

  /**
   * A loopback port nobody listens on right now, for servers that cannot be told to bind port 0.
   */
  public static int find() {
    try (ServerSocket s = occupy()) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A loopback port held by a socket that accepts nothing, until it is closed: "the port is taken".
   */
  public static ServerSocket occupy() {
    try {
      return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
