package dev.greenlight.devstack.demoapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The demo's "shop": a small HTTP service that {@code greenlight demo} releases to blue and green.
 *
 * <ul>
 *   <li>{@code GET /health} → {@code {"status":"UP","version":"1.0.0","color":"blue"}}
 *   <li>{@code GET /api/products} → the products table as a JSON list (each with "sku")
 *   <li>{@code POST /api/orders} with {@code {"sku":"TEA-01","quantity":1,"note":"gift"}} → 201;
 *       versions from 2.0.0 store {@code note} (the column added by V2), older ones leave it out,
 *       so the old version keeps working on the new schema
 *   <li>{@code GET /} → a small HTML page naming the version
 *   <li>{@code POST /__demo/version/V} with {@code Authorization: Bearer TOKEN} → the process runs
 *       version V from now on (what /health reports, whether it is faulty), as if V had been
 *       deployed; the compose stack's deploy hook calls it. Off unless {@value
 *       DemoConfig#DEPLOY_TOKEN_ENV} is set, and then only with that token.
 * </ul>
 *
 * A version listed as faulty answers /health and its first requests correctly, then fails a share
 * of {@code GET /} and {@code /api/*} with 500: like a real bad release, it passes health and smoke
 * checks and breaks only under traffic.
 */
public final class DemoApp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DemoConfig config;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong trafficRequests = new AtomicLong();
  private final AtomicReference<String> version;

  /** What {@code POST /__demo/version/V} accepts as V. */
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,63}");

  /** The path prefix of the deploy endpoint. */
  public static final String DEPLOY_PATH = "/__demo/version/";

  private DemoApp(DemoConfig config, HttpServer server, ExecutorService executor) {
    this.config = config;
    this.version = new AtomicReference<>(config.version());
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on {@code config.bind()}:{@code config.port()} (0: any free port). */
  public static DemoApp start(DemoConfig config) throws IOException {
    // the JDK server writes headers and body separately; without this, delayed ACKs add 40 ms
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
    ExecutorService executor = Executors.newFixedThreadPool(8);
    DemoApp app = new DemoApp(config, server, executor);
    server.createContext("/", app::handle);
    server.setExecutor(executor);
    server.start();
    return app;
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The version it runs now. */
  public String version() {
    return version.get();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  public static void main(String[] args) throws InterruptedException {
    DemoConfig config;
    try {
      config = DemoConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    DemoApp app;
    try {
      app = start(config);
    } catch (IOException e) {
      System.err.println("demo app cannot listen on port " + config.port() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println(
        "demo app "
            + config.version()
            + " ("
            + config.color()
            + ") listening on http://"
            + config.bind()
            + ":"
            + app.port()
            + (config.faulty()
                ? "; this version is faulty: it fails under traffic after "
                    + config.faultAfter()
                    + " requests"
                : ""));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "demo-app-stop"));
    stopped.await();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readNBytes(64 * 1024);
        if (path.equals("/health")) {
          if (!method.equals("GET") && !method.equals("HEAD")) {
            send(exchange, 405, error("use GET"));
            return;
          }
          send(exchange, 200, health());
          return;
        }
        if (path.startsWith(DEPLOY_PATH)) {
          deploy(exchange, method, path.substring(DEPLOY_PATH.length()));
          return;
        }
        if (failsUnderTraffic(path)) {
          send(exchange, 500, error("injected fault: version " + version.get() + " is faulty"));
          return;
        }
        switch (path) {
          case "/" -> {
            if (!method.equals("GET") && !method.equals("HEAD"))
              send(exchange, 405, error("use GET"));
            else sendHtml(exchange, home());
          }
          case "/api/products" -> {
            if (!method.equals("GET")) send(exchange, 405, error("use GET"));
            else send(exchange, 200, products());
          }
          case "/api/orders" -> {
            if (!method.equals("POST"))
              send(exchange, 405, error("use POST with {\"sku\":\"...\",\"quantity\":1}"));
            else order(exchange, body);
          }
          default -> send(exchange, 404, error("no such path: " + path));
        }
      } catch (SQLException e) {
        // the message names the problem (table missing, connection refused), never the password
        send(exchange, 503, error("database unavailable: " + e.getMessage()));
      }
    }
  }

  /**
   * {@code POST /__demo/version/V}: from now on this process runs V, as a fresh deploy would (the
   * traffic count of a faulty version starts again).
   */
  private void deploy(HttpExchange exchange, String method, String target) throws IOException {
    if (config.deployToken() == null) {
      send(
          exchange,
          404,
          error("deploys over HTTP are off: set " + DemoConfig.DEPLOY_TOKEN_ENV + " to turn on"));
      return;
    }
    if (!method.equals("POST")) {
      send(exchange, 405, error("use POST " + DEPLOY_PATH + "VERSION"));
      return;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    byte[] expected = ("Bearer " + config.deployToken()).getBytes(StandardCharsets.UTF_8);
    if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      send(exchange, 401, error("a deploy needs Authorization: Bearer <the deploy token>"));
      return;
    }
    if (!VERSION.matcher(target).matches()) {
      send(exchange, 400, error("not a version: '" + target + "'"));
      return;
    }
    String previous = version.getAndSet(target);
    trafficRequests.set(0);
    System.out.println(
        "demo app on "
            + config.color()
            + ": deployed "
            + target
            + " (was "
            + previous
            + ")"
            + (config.faulty(target) ? "; this version is faulty" : ""));
    send(
        exchange,
        200,
        JSON.createObjectNode()
            .put("color", config.color())
            .put("version", target)
            .put("previous", previous)
            .toString());
  }

  /**
   * For a faulty version: after {@code faultAfter} requests to / and /api/*, fails {@code
   * faultPercent}% of them, spread evenly (request n fails when floor(n·p/100) moves on).
   */
  private boolean failsUnderTraffic(String path) {
    if (!path.equals("/") && !path.startsWith("/api/")) return false;
    long n = trafficRequests.incrementAndGet();
    if (!config.faulty(version.get()) || n <= config.faultAfter()) return false;
    long k = n - config.faultAfter();
    return k * config.faultPercent() / 100 > (k - 1) * config.faultPercent() / 100;
  }

  private String health() {
    ObjectNode n = JSON.createObjectNode();
    n.put("status", "UP");
    n.put("version", version.get());
    n.put("color", config.color());
    return n.toString();
  }

  private String home() {
    String v = version.get();
    return "<!doctype html><html><head><title>shop "
        + v
        + "</title></head><body>"
        + "<h1>shop "
        + v
        + "</h1><p>served by "
        + config.color()
        + "</p>"
        + "<p><a href=\"/api/products\">products</a></p></body></html>\n";
  }

  private String products() throws SQLException {
    ArrayNode list = JSON.createArrayNode();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sku, name, price FROM products ORDER BY sku")) {
      while (rs.next()) {
        list.addObject()
            .put("sku", rs.getString(1))
            .put("name", rs.getString(2))
            .put("price", rs.getBigDecimal(3));
      }
    }
    return list.toString();
  }

  private void order(HttpExchange exchange, byte[] body) throws IOException, SQLException {
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (IOException e) {
      req = null;
    }
    if (req == null || !req.hasNonNull("sku")) {
      send(exchange, 400, error("expected {\"sku\":\"...\",\"quantity\":1,\"note\":\"...\"}"));
      return;
    }
    String sku = req.get("sku").asText();
    int quantity = req.path("quantity").asInt(1);
    if (quantity < 1) {
      send(exchange, 400, error("quantity must be 1 or more"));
      return;
    }
    boolean withNote = atLeast(version.get(), "2.0.0");
    String note = withNote && req.hasNonNull("note") ? req.get("note").asText() : null;
    String sql =
        withNote
            ? "INSERT INTO orders (sku, quantity, note) VALUES (?, ?, ?) RETURNING id"
            : "INSERT INTO orders (sku, quantity) VALUES (?, ?) RETURNING id";
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, sku);
      ps.setInt(2, quantity);
      if (withNote) ps.setString(3, note);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        ObjectNode out =
            JSON.createObjectNode()
                .put("id", rs.getLong(1))
                .put("sku", sku)
                .put("quantity", quantity);
        if (withNote) out.put("note", note);
        send(exchange, 201, out.toString());
      }
    } catch (SQLException e) {
      if ("23503".equals(e.getSQLState())) { // foreign key: no such product
        send(exchange, 404, error("no product with sku " + sku));
        return;
      }
      throw e;
    }
  }

  private Connection connect() throws SQLException {
    if (config.dbUrl() == null) throw new SQLException("no database configured (--db-url)");
    Properties p = new Properties();
    if (config.dbUser() != null) p.setProperty("user", config.dbUser());
    if (config.dbPassword() != null) p.setProperty("password", config.dbPassword());
    p.setProperty("connectTimeout", "3");
    p.setProperty("socketTimeout", "10");
    return DriverManager.getConnection(config.dbUrl(), p);
  }

  /** Compares dotted versions numerically ("2.10.0" ≥ "2.9.1"); a non-numeric part counts as 0. */
  static boolean atLeast(String version, String minimum) {
    String[] a = version.split("[.\\-+]");
    String[] b = minimum.split("[.\\-+]");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int x = i < a.length ? numeric(a[i]) : 0;
      int y = i < b.length ? numeric(b[i]) : 0;
      if (x != y) return x > y;
    }
    return true;
  }

  private static int numeric(String part) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String error(String message) {
    return JSON.createObjectNode().put("error", message).toString();
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    respond(exchange, status, "application/json", json);
  }

  private static void sendHtml(HttpExchange exchange, String html) throws IOException {
    respond(exchange, 200, "text/html; charset=utf-8", html);
  }

  private static void respond(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) exchange.getResponseBody().write(bytes);
  }
}
