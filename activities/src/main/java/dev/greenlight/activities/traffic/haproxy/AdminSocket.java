package dev.greenlight.activities.traffic.haproxy;

import dev.greenlight.activities.traffic.RouterException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * HAProxy's runtime API on its admin UNIX socket ({@code stats socket PATH level admin}). One
 * command per connection, in HAProxy's non-interactive mode: send a line, read until HAProxy
 * closes.
 */
public final class AdminSocket {
  private final Path path;
  private final Duration timeout;

  public AdminSocket(Path path, Duration timeout) {
    this.path = path;
    this.timeout = timeout;
  }

  /** The socket's path, for messages. */
  public Path path() {
    return path;
  }

  /**
   * Sends one command and returns HAProxy's answer, trimmed (empty when a {@code set} command
   * succeeded).
   */
  public String execute(String command) throws RouterException {
    if (!Files.exists(path)) {
      throw new RouterException(
          "no HAProxy admin socket at "
              + path
              + ": is haproxy running with `stats socket "
              + path
              + " level admin`?",
          false);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      // a UNIX socket connect does not block on a listening peer; only the reads need the deadline
      channel.connect(UnixDomainSocketAddress.of(path));
      channel.configureBlocking(false);
      ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        if (channel.write(out) == 0)
          await(channel, selector, SelectionKey.OP_WRITE, deadline, command);
      }
      StringBuilder answer = new StringBuilder();
      ByteBuffer in = ByteBuffer.allocate(16 * 1024);
      while (true) {
        int n = channel.read(in);
        if (n < 0) break;
        if (n == 0) {
          await(channel, selector, SelectionKey.OP_READ, deadline, command);
          continue;
        }
        in.flip();
        answer.append(StandardCharsets.UTF_8.decode(in));
        in.clear();
      }
      return answer.toString().trim();
    } catch (ConnectException e) {
      throw new RouterException(
          "HAProxy admin socket "
              + path
              + " refused the connection ("
              + e.getMessage()
              + "): haproxy is not running or is restarting",
          true,
          e);
    } catch (AccessDeniedException e) {
      throw denied(e);
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("permission denied")) throw denied(e);
      if (m.contains("connection refused")) {
        throw new RouterException(
            "HAProxy admin socket "
                + path
                + " refused the connection: "
                + "haproxy is not running or is restarting",
            true,
            e);
      }
      throw new RouterException(
          "talking to HAProxy on " + path + " failed (`" + command + "`): " + e.getMessage(),
          true,
          e);
    }
  }

  private RouterException denied(IOException e) {
    return new RouterException(
        "the worker may not open HAProxy's admin socket "
            + path
            + " (permission denied): give the worker's user access, e.g. `stats socket "
            + path
            + " mode 660 group <worker group> level admin`",
        false,
        e);
  }

  private void await(
      SocketChannel channel, Selector selector, int op, long deadline, String command)
      throws IOException, RouterException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new RouterException(
          "HAProxy did not answer `"
              + command
              + "` on "
              + path
              + " within "
              + timeout.toMillis()
              + " ms",
          true);
    }
    SelectionKey key = channel.register(selector, op);
    selector.select(Math.max(1, left / 1_000_000));
    key.cancel();
    selector.selectNow(); // flush the cancelled key so the channel can be registered again
  }
}
