package dev.greenlight.activities.traffic.testbed;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keep-alive HTTP/1.1 load on loopback, counted exactly: several threads, each reusing one
 * connection for request after request (a new one only when the server closes it or it fails). It
 * is a raw client so nothing hides a failure: a request that gets no complete 200 answer is failed.
 * With {@code retry}, it behaves like browsers and most HTTP libraries (RFC 9112, 9.3.1): a GET
 * that got no byte of answer on a reused connection is sent once more on a new one.
 */
public final class KeepAliveLoad implements AutoCloseable {
  private static final byte[] REQUEST =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: greenlight-test\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  /**
   * What the load saw.
   *
   * @param ok requests answered 200
   * @param failed requests that got no complete 200 answer
   * @param retried requests sent again after a reused connection closed under them
   * @param connections connections opened
   * @param byColor answered requests per body (the backend's color)
   * @param failures failed requests per reason
   */
  public record Totals(
      long ok,
      long failed,
      long retried,
      long connections,
      Map<String, Long> byColor,
      Map<String, Long> failures) {
    public String summary() {
      return ok
          + " ok, "
          + failed
          + " failed, "
          + retried
          + " retried, "
          + connections
          + " connections, by color "
          + byColor
          + (failures.isEmpty() ? "" : ", failures " + failures);
    }
  }

  /** A connection closed before any byte of the answer arrived. */
  static final class NoAnswer extends IOException {
    NoAnswer(String message) {
      super(message);
    }
  }

  private final int port;
  private final boolean retry;
  private final long deadline;
  private volatile boolean running = true;
  private final List<Thread> threads = new ArrayList<>();
  private final LongAdder ok = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder connections = new LongAdder();
  private final Map<String, LongAdder> byColor = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

  private KeepAliveLoad(int port, boolean retry, Duration limit) {
    this.port = port;
    this.retry = retry;
    this.deadline = System.nanoTime() + limit.toNanos();
  }

  /**
   * Starts {@code threads} clients against 127.0.0.1:{@code port}; they stop at {@link #stop()} or
   * after {@code limit}, whichever comes first.
   */
  public static KeepAliveLoad start(int port, int threads, boolean retry, Duration limit) {
    KeepAliveLoad load = new KeepAliveLoad(port, retry, limit);
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(load::run, "keepalive-load-" + i);
      t.setDaemon(true);
      load.threads.add(t);
      t.start();
    }
    return load;
  }

  /** Counts so far. */
  public Totals totals() {
    return new Totals(
        ok.sum(), failed.sum(), retried.sum(), connections.sum(), sums(byColor), sums(failures));
  }

  /** Stops the clients and returns the final counts. */
  public Totals stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) t.join(10_000);
    return totals();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private void run() {
    Connection conn = null;
    while (running && System.nanoTime() < deadline) {
      try {
        if (conn == null) {
          conn = Connection.open(port);
          connections.increment();
        }
        Answer a;
        try {
          a = conn.get();
        } catch (NoAnswer e) {
          if (!retry || conn.answered == 0) throw e;
          conn.close();
          retried.increment();
          conn = Connection.open(port);
          connections.increment();
          a = conn.get();
        }
        if (a.status == 200) {
          ok.increment();
          byColor.computeIfAbsent(a.body, k -> new LongAdder()).increment();
        } else {
          fail("status " + a.status);
        }
        if (a.close) {
          conn.close();
          conn = null;
        }
      } catch (IOException e) {
        fail(reason(e, conn));
        if (conn != null) conn.close();
        conn = null;
      }
    }
    if (conn != null) conn.close();
  }

  private void fail(String reason) {
    failed.increment();
    failures.computeIfAbsent(reason, k -> new LongAdder()).increment();
  }

  private static String reason(IOException e, Connection conn) {
    String where =
        conn == null ? "connect" : conn.answered > 0 ? "reused connection" : "new connection";
    return where
        + ": "
        + (e instanceof NoAnswer
            ? e.getMessage()
            : e.getClass().getSimpleName() + " " + e.getMessage());
  }

  private static Map<String, Long> sums(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /**
   * Sends {@code n} requests one after another on one keep-alive connection and counts answers by
   * body. Any failure throws.
   */
  public static Map<String, Integer> sample(int port, int n) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    Connection conn = Connection.open(port);
    try {
      for (int i = 0; i < n; i++) {
        Answer a = conn.get();
        if (a.status != 200) throw new IOException("status " + a.status + ": " + a.body);
        counts.merge(a.body, 1, Integer::sum);
        if (a.close) {
          conn.close();
          conn = Connection.open(port);
        }
      }
    } finally {
      conn.close();
    }
    return counts;
  }

  /** One answer. */
  record Answer(int status, String body, boolean close) {}

  /** One keep-alive connection. */
  static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    int answered;

    private Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    static Connection open(int port) throws IOException {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      s.setSoTimeout(10_000);
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      return new Connection(s);
    }

    Answer get() throws IOException {
      int first;
      try {
        out.write(REQUEST);
        out.flush();
        first = in.read();
      } catch (IOException e) {
        throw new NoAnswer(e.getClass().getSimpleName() + " " + e.getMessage());
      }
      if (first < 0) throw new NoAnswer("closed before any answer");
      String statusLine = (char) first + line();
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1."))
        throw new IOException("bad status line: " + statusLine);
      int status = Integer.parseInt(parts[1]);
      long length = -1;
      boolean close = parts[0].equals("HTTP/1.0");
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        if (colon < 0) continue;
        String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        if (name.equals("content-length")) length = Long.parseLong(value);
        if (name.equals("connection")) close = value.equalsIgnoreCase("close");
        if (name.equals("transfer-encoding"))
          throw new IOException("unexpected transfer-encoding " + value);
      }
      if (length < 0) throw new IOException("answer without content-length");
      byte[] body = in.readNBytes((int) length);
      if (body.length < length) throw new IOException("body cut short");
      answered++;
      return new Answer(status, new String(body, StandardCharsets.UTF_8), close);
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) throw new IOException("connection closed inside the answer");
        if (c != '\r') b.write(c);
      }
      return b.toString(StandardCharsets.US_ASCII);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a broken connection
      }
    }
  }
}
