package dev.greenlight.activities.traffic.haproxy;

import dev.greenlight.activities.traffic.testbed.Processes;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.router.haproxy.HaproxySpec;
import dev.greenlight.testkit.FreePort;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real HAProxy (Debian's) in the foreground with its own config in a temp dir: one frontend on a
 * free loopback port, backend {@code app} with servers {@code blue} (live) and {@code green}
 * (disabled), both health checked, and an admin socket.
 */
public final class HaproxyProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path socket;

  private HaproxyProcess(Process process, int port, Path socket) {
    this.process = process;
    this.port = port;
    this.socket = socket;
  }

  /**
   * Starts HAProxy routing to {@code addresses} (host:port per color); the socket at {@code level}.
   */
  public static HaproxyProcess start(Path dir, Map<Color, String> addresses, String level)
      throws IOException, InterruptedException {
    int port = FreePort.find();
    Path socket = dir.resolve("admin.sock");
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(
        cfg,
        String.join(
            "\n",
            "global",
            "  stats socket " + socket + " mode 600 level " + level,
            "defaults",
            "  mode http",
            "  timeout connect 2s",
            "  timeout client 30s",
            "  timeout server 30s",
            "frontend public",
            "  bind 127.0.0.1:" + port,
            "  default_backend app",
            "backend app",
            "  balance roundrobin",
            "  server blue " + addresses.get(Color.BLUE) + " weight 100 check inter 1s",
            "  server green " + addresses.get(Color.GREEN) + " weight 100 check inter 1s disabled",
            ""));
    Path log = dir.resolve("haproxy.log");
    Files.deleteIfExists(
        socket); // a previous haproxy's socket file would look ready before the new one binds
    Process p =
        new ProcessBuilder("haproxy", "-f", cfg.toString(), "-db")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Processes.awaitPort(p, port, log, Duration.ofSeconds(10));
      for (int i = 0; i < 500 && !accepts(socket); i++) Thread.sleep(10);
      if (!accepts(socket))
        throw new IllegalStateException(
            "haproxy's admin socket does not answer:\n" + Processes.read(log));
    } catch (RuntimeException | IOException | InterruptedException e) {
      Processes.stop(p);
      throw e;
    }
    return new HaproxyProcess(p, port, socket);
  }

  private static boolean accepts(Path socket) {
    if (!Files.exists(socket)) return false;
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The public port. */
  public int port() {
    return port;
  }

  public Path socket() {
    return socket;
  }

  /** router.haproxy as a spec would give it. */
  public HaproxySpec spec() {
    return new HaproxySpec(socket.toString(), "app", Map.of("blue", "blue", "green", "green"));
  }

  @Override
  public void close() throws InterruptedException {
    Processes.stop(process);
  }
}
