package dev.greenlight.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for tests: one nobody listens on right now, or one that something holds. */
public final class FreePort {
  /** Ports handed out by this JVM: never twice. */
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  /**
   * Where {@link #find} looks: below the kernel's ephemeral range, whose ports every outgoing
   * connection takes (a port that was free when found could otherwise be the local end of a client
   * socket by the time the server binds it), and low enough that a test's port + 10000 (the
   * embedded router's admin listener) stays below that range too.
   */
  private static final int LOW = 10_000;

  private static final int HIGH = ephemeralStart() - 10_001;

  private FreePort() {}

  /**
   * A loopback port nobody listens on right now, for servers that cannot be told to bind port 0.
   */
  public static int find() {
    if (HIGH - LOW >= 1_000) {
      for (int attempt = 0; attempt < 200; attempt++) {
        int port = ThreadLocalRandom.current().nextInt(LOW, HIGH + 1);
        if (GIVEN.contains(port)) continue;
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          if (GIVEN.add(port)) return port;
        } catch (IOException taken) {
          // someone listens there: try another
        }
      }
    }
    try (ServerSocket s = occupy()) {
      GIVEN.add(s.getLocalPort());
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

  private static int ephemeralStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768; // Linux's default
    }
  }
}
