package dev.greenlight.activities.traffic.testbed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting for, and stopping, the real servers tests start. */
public final class Processes {
  private Processes() {}

  /**
   * Waits until something accepts connections on 127.0.0.1:{@code port}; fails with {@code log} if
   * {@code p} dies.
   */
  public static void awaitPort(Process p, int port, Path log, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "exited " + p.exitValue() + " before listening on " + port + ":\n" + read(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException(
        "nothing listens on " + port + " after " + timeout + ":\n" + read(log));
  }

  /** SIGTERM, then SIGKILL for the process and what it started if it lingers. */
  public static void stop(Process p) throws InterruptedException {
    if (p == null) return;
    var children = p.descendants().toList();
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  public static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }
}
