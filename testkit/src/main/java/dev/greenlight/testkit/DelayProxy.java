package dev.greenlight.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free loopback port that makes a server look slow: on each connection the
 * server's first bytes reach the client only after {@code delay}; everything after flows at once.
 * With {@link #blackhole}, it accepts connections and never answers (a server that hangs).
 *
 * <pre>
 * try (DelayProxy slow = DelayProxy.start(7233, Duration.ofSeconds(5))) {
 *   // point the client at slow.address()
 * }
 * </pre>
 */
public final class DelayProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int upstreamPort;
  private final Duration delay;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private DelayProxy(ServerSocket listener, int upstreamPort, Duration delay) {
    this.listener = listener;
    this.upstreamPort = upstreamPort;
    this.delay = delay;
  }

  /** Forwards to {@code 127.0.0.1:upstreamPort}, holding the server's first bytes {@code delay}. */
  public static DelayProxy start(int upstreamPort, Duration delay) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    DelayProxy proxy = new DelayProxy(listener, upstreamPort, delay);
    Thread accept = new Thread(proxy::acceptLoop, "delay-proxy-" + listener.getLocalPort());
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  /** Accepts connections and never answers (nor forwards) anything. */
  public static DelayProxy blackhole() throws IOException {
    return start(-1, null);
  }

  /** host:port of the proxy. */
  public String address() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        if (upstreamPort < 0) continue; // a blackhole: hold the connection, say nothing
        Socket server = new Socket();
        sockets.add(server);
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
        server.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
        pump(client.getInputStream(), server.getOutputStream(), null, client, server);
        pump(server.getInputStream(), client.getOutputStream(), delay, client, server);
      } catch (IOException e) {
        if (closed) return;
      }
    }
  }

  private static void pump(
      InputStream in, OutputStream out, Duration firstBytesDelay, Socket a, Socket b) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              boolean first = true;
              try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (first && firstBytesDelay != null) Thread.sleep(firstBytesDelay.toMillis());
                  first = false;
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // one side went away: close both below
              } finally {
                closeQuietly(a);
                closeQuietly(b);
              }
            },
            "delay-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // already closed
    }
    sockets.forEach(DelayProxy::closeQuietly);
  }
}
