package dev.greenlight.devstack;

import dev.greenlight.activities.traffic.embedded.EmbeddedProxy;
import dev.greenlight.api.SearchAttributes;
import dev.greenlight.api.model.Color;
import dev.greenlight.client.ConnectionSettings;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.TemporalUnreachableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code greenlight dev} and {@code greenlight demo} need on a laptop, each piece
 * started only when it is not already there:
 *
 * <ol>
 *   <li>Temporal: the one answering at the address, else the Java test server (real time) on it
 *   <li>PostgreSQL 17 (embedded), unless a database URL is given
 *   <li>for the demo: the work directory ({@link DemoWorkspace}), the schema of 1.0.0 (V1), the
 *       embedded proxy, and blue running 1.0.0 with all traffic on it
 * </ol>
 *
 * {@link #close()} stops what it started, demo apps included. Use it with try-with-resources or a
 * shutdown hook.
 *
 * <pre>
 * try (LocalStack stack = LocalStack.builder().workDir(dir).start()) {
 *   stack.describe().forEach(System.out::println);
 *   // run a worker against stack.temporalAddress(), then:
 *   // greenlight start stack.specFile() --version 2.0.0
 * }
 * </pre>
 */
public final class LocalStack implements AutoCloseable {
  /**
   * Search attributes Greenlight's workflows set ({@link SearchAttributes}); registered on the
   * Temporal it uses.
   */
  public static final Map<String, IndexedValueType> SEARCH_ATTRIBUTES = searchAttributes();

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private final Builder options;
  private final List<AutoCloseable> started = new ArrayList<>();
  private String temporalAddress;
  private boolean temporalStarted;
  private TemporalConnection temporal;
  private String databaseUrl;
  private String databaseUser;
  private boolean databaseStarted;
  private DemoWorkspace demo;
  private EmbeddedProxy proxy;

  /** The proxy's admin token: the operator's (env var), else a fresh random one. */
  private final String routerToken = routerToken();

  private LocalStack(Builder options) {
    this.options = options;
  }

  /** Options, each with a laptop-friendly default. */
  public static Builder builder() {
    return new Builder();
  }

  /** How the local stack is set up. Defaults: see each method. */
  public static final class Builder {
    private String temporalAddress = TemporalConnection.DEFAULT_ADDRESS;
    private String namespace = TemporalConnection.DEFAULT_NAMESPACE;
    private String databaseUrl;
    private String databaseUser = "shop";
    private String databasePasswordEnv = "DEMO_DB_PASSWORD";
    private boolean demo = true;
    private Path workDir = Path.of(System.getProperty("user.home"), ".greenlight", "demo");
    private int proxyPort = 8080;
    private int bluePort = 8081;
    private int greenPort = 8082;
    private boolean portsGiven;
    private int postgresPort;
    private String classpath;
    private String initialVersion = "1.0.0";
    private List<String> faultyVersions = List.of("3.0.0");
    private Duration appStartTimeout = Duration.ofSeconds(60);
    private boolean secured;
    private Supplier<TemporalConnection> connect;
    private Duration patience;

    private Builder() {}

    /**
     * Reach Temporal with {@code settings} (TLS, API key, metadata, identity): the stack's one
     * connection is {@code open}'s (the command's connection options, codec included). A secured
     * Temporal (TLS or an API key) must already run: the embedded test server speaks plaintext.
     */
    public Builder connection(ConnectionSettings settings, Supplier<TemporalConnection> open) {
      this.temporalAddress = settings.address();
      this.namespace = settings.namespace();
      this.secured = settings.tls() || settings.hasApiKey();
      this.connect = open;
      return this;
    }

    /**
     * How long the default connection waits for a slow Temporal (default: {@link
     * TemporalConnection#defaultPatience()}); ignored with {@link #connection}.
     */
    public Builder patience(Duration patience) {
      this.patience = patience;
      return this;
    }

    /**
     * Where Temporal is, or is started (default {@value TemporalConnection#DEFAULT_ADDRESS}, as
     * TEMPORAL_ADDRESS).
     */
    public Builder temporalAddress(String hostPort) {
      this.temporalAddress = hostPort;
      return this;
    }

    /** Namespace the search attributes are registered in (default "default"). */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Use this PostgreSQL (jdbc:postgresql://...) instead of starting one. */
    public Builder databaseUrl(String jdbcUrl) {
      this.databaseUrl = jdbcUrl;
      return this;
    }

    /** User for a given database (default shop; the embedded one always uses shop). */
    public Builder databaseUser(String user) {
      this.databaseUser = user;
      return this;
    }

    /** Env var holding the password of a given database (default DEMO_DB_PASSWORD). */
    public Builder databasePasswordEnv(String envName) {
      this.databasePasswordEnv = envName;
      return this;
    }

    /** Set up the demo (work dir, proxy, blue on 1.0.0); default true. */
    public Builder demo(boolean demo) {
      this.demo = demo;
      return this;
    }

    /** The demo's work directory (default ~/.greenlight/demo). */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /**
     * Ports of the proxy, blue and green. 0 means any free port. Given ports must be free; by
     * default 8080, 8081, 8082 are used when free, else any free port.
     */
    public Builder ports(int proxy, int blue, int green) {
      this.proxyPort = proxy;
      this.bluePort = blue;
      this.greenPort = green;
      this.portsGiven = true;
      return this;
    }

    /** Port of the embedded PostgreSQL (default 0: any free port). A given port must be free. */
    public Builder postgresPort(int port) {
      this.postgresPort = port;
      return this;
    }

    /**
     * Classpath the demo app processes run with (default: env GREENLIGHT_JAR, else this JVM's class
     * path, which is greenlight.jar:greenlight-devstack.jar when run from the distribution).
     */
    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /** The version blue runs at the start (default 1.0.0). */
    public Builder initialVersion(String version) {
      this.initialVersion = version;
      return this;
    }

    /** Versions of the demo app that fail under traffic (default [3.0.0]). */
    public Builder faultyVersions(List<String> versions) {
      this.faultyVersions = List.copyOf(versions);
      return this;
    }

    /** How long blue may take to answer /health at the start (default 60s). */
    public Builder appStartTimeout(Duration timeout) {
      this.appStartTimeout = timeout;
      return this;
    }

    /**
     * Starts what is missing. On failure everything started so far is stopped again.
     *
     * @throws IOException with a message that says what to do (port taken, ...)
     */
    public LocalStack start() throws IOException, InterruptedException {
      LocalStack stack = new LocalStack(this);
      try {
        stack.startTemporal();
        stack.startDatabase();
        if (demo) stack.startDemo();
        return stack;
      } catch (IOException | InterruptedException | RuntimeException e) {
        stack.close();
        throw e;
      }
    }
  }

  /** The Temporal frontend, host:port. */
  public String temporalAddress() {
    return temporalAddress;
  }

  /**
   * The stack's one connection to Temporal (closed by {@link #close()}): with {@link
   * Builder#connection}, the command's own, with every setting and the payload codec.
   */
  public TemporalConnection temporal() {
    return temporal;
  }

  /** True when this stack started the Temporal test server; false when one was already there. */
  public boolean temporalStarted() {
    return temporalStarted;
  }

  public String namespace() {
    return options.namespace;
  }

  /** JDBC URL of the shop database. */
  public String databaseUrl() {
    return databaseUrl;
  }

  public String databaseUser() {
    return databaseUser;
  }

  /** True when this stack started an embedded PostgreSQL. */
  public boolean databaseStarted() {
    return databaseStarted;
  }

  /**
   * What an in-process worker of this stack reads as its environment: the process environment, plus
   * an empty password in {@code passwordEnv} for the embedded PostgreSQL (trust auth on loopback)
   * when the operator did not set one, and the embedded proxy's admin token: the demo needs no
   * secret.
   */
  public UnaryOperator<String> workerEnvironment(String passwordEnv) {
    return name -> {
      String value = System.getenv(name);
      if (value == null && databaseStarted && name.equals(passwordEnv)) return "";
      if (value == null && name.equals(EmbeddedProxy.TOKEN_ENV)) return routerToken;
      return value;
    };
  }

  /** The demo work directory, or null without the demo. */
  public DemoWorkspace demo() {
    return demo;
  }

  /** The demo spec file, or null without the demo. */
  public Path specFile() {
    return demo == null ? null : demo.specFile();
  }

  /** The embedded proxy, or null without the demo. */
  public EmbeddedProxy proxy() {
    return proxy;
  }

  /** The demo's public URL (through the proxy), or null without the demo. */
  public String proxyUrl() {
    return proxy == null ? null : proxy.url();
  }

  /** What runs where, one line each, for the console. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Temporal    "
            + temporalAddress
            + (temporalStarted ? " (embedded test server, real time)" : " (already running)"));
    lines.add(
        "PostgreSQL  "
            + databaseUrl
            + " user "
            + databaseUser
            + (databaseStarted ? " (embedded)" : ""));
    if (demo != null) {
      lines.add(
          "Shop        "
              + proxy.url()
              + " (embedded proxy, live "
              + proxy.liveColor().label()
              + "; weights at "
              + proxy.adminUrl()
              + EmbeddedProxy.ADMIN_PATH
              + ", token in "
              + EmbeddedProxy.TOKEN_ENV
              + ")");
      lines.add("  blue      " + demo.url(Color.BLUE) + " running " + options.initialVersion);
      lines.add("  green     " + demo.url(Color.GREEN) + " (idle)");
      lines.add("Spec        " + demo.specFile());
      lines.add("Logs        " + demo.runDir());
    }
    return lines;
  }

  /** Stops everything this stack started, newest first. Safe to call twice. */
  @Override
  public void close() {
    if (demo != null) demo.stopApps();
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", started.get(i), e.toString());
      }
    }
    started.clear();
  }

  // ---- Temporal ----

  private void startTemporal() throws IOException, InterruptedException {
    temporalAddress = options.temporalAddress;
    HostPort at = HostPort.parse(temporalAddress, "Temporal address");
    boolean embeddable = at.isLocal() && !options.secured;
    if (embeddable && !listening(at)) {
      log.info("starting the Temporal test server on port {}", at.port());
      TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(at.port());
      started.add(server::close);
      temporalStarted = true;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (!listening(at)) {
        if (System.nanoTime() > deadline)
          throw new IOException(
              "the Temporal test server on port " + at.port() + " does not listen");
        Thread.sleep(100);
      }
    }
    try {
      temporal = connect();
    } catch (TemporalUnreachableException e) {
      if (embeddable && !temporalStarted) { // something listened there, so we started nothing
        throw new IOException(
            "port "
                + at.port()
                + " is in use by something that is not Temporal; stop it or pass another --temporal"
                + " address",
            e);
      }
      throw e; // exit 5 with its one line, as every command that connects
    }
    started.add(temporal::close);
    if (!temporalStarted) log.info("using the Temporal already answering at {}", temporalAddress);
    registerSearchAttributes();
  }

  private TemporalConnection connect() {
    if (options.connect != null) return options.connect.get();
    return TemporalConnection.connect(
        ConnectionSettings.plain(
            temporalAddress, options.namespace, TemporalConnection.DEFAULT_TASK_QUEUE),
        options.patience != null ? options.patience : TemporalConnection.defaultPatience());
  }

  /** True when something accepts TCP connections at {@code at}. */
  private static boolean listening(HostPort at) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(at.host(), at.port()), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Registers {@link #SEARCH_ATTRIBUTES}. The test server implements OperatorService
   * addSearchAttributes; a server that refuses (permissions, already there) only gets a warning.
   */
  private void registerSearchAttributes() {
    // the connection's channel, TLS and headers; the channel stays the connection's to close
    WorkflowServiceStubs stubs = temporal.stubs();
    OperatorServiceStubs ops =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(stubs.getOptions())
                .setChannel(stubs.getRawChannel())
                .build());
    try {
      for (Map.Entry<String, IndexedValueType> a : SEARCH_ATTRIBUTES.entrySet()) {
        try {
          ops.blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(options.namespace)
                      .putSearchAttributes(a.getKey(), a.getValue())
                      .build());
          log.info("registered search attribute {} ({})", a.getKey(), a.getValue());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            log.warn(
                "cannot register search attribute {} at {}: {}; list filters on it will not work",
                a.getKey(),
                temporalAddress,
                e.getStatus());
          }
        }
      }
    } finally {
      ops.shutdown();
    }
  }

  // ---- PostgreSQL ----

  private void startDatabase() throws IOException {
    if (options.databaseUrl != null) {
      databaseUrl = options.databaseUrl;
      databaseUser = options.databaseUser;
      return;
    }
    log.info("starting embedded PostgreSQL");
    if (options.postgresPort != 0 && !portFree(options.postgresPort)) {
      throw new IOException(
          "port "
              + options.postgresPort
              + " for PostgreSQL is in use; stop what uses it or choose another --postgres-port");
    }
    EmbeddedPostgres.Builder pgBuilder = EmbeddedPostgres.builder();
    if (options.postgresPort != 0) pgBuilder.setPort(options.postgresPort);
    EmbeddedPostgres pg =
        pgBuilder
            .setServerConfig(
                "listen_addresses", "127.0.0.1") // it trusts every local user: never on the network
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    started.add(pg);
    databaseStarted = true;
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE shop LOGIN PASSWORD 'shop'");
      s.execute("CREATE DATABASE shop OWNER shop");
    } catch (SQLException e) {
      throw new IOException(
          "cannot create the shop database in the embedded PostgreSQL: " + e.getMessage(), e);
    }
    databaseUrl = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/shop";
    databaseUser = "shop";
  }

  /**
   * The database password: for the embedded one the (trusted, local) role's; else from the env var.
   */
  private String databasePassword() {
    return databaseStarted ? "shop" : System.getenv(options.databasePasswordEnv);
  }

  // ---- demo ----

  private void startDemo() throws IOException, InterruptedException {
    Path dir = options.workDir.toAbsolutePath().normalize();
    DemoWorkspace.stopApps(dir); // left over by a run that was killed
    int proxyPort = choosePort(options.proxyPort, "proxy");
    int bluePort = choosePort(options.bluePort, "blue");
    int greenPort = choosePort(options.greenPort, "green");
    if (proxyPort == bluePort || proxyPort == greenPort || bluePort == greenPort) {
      throw new IOException(
          "the proxy, blue and green need three different ports, got "
              + proxyPort
              + ", "
              + bluePort
              + ", "
              + greenPort);
    }
    String passwordEnv = options.databasePasswordEnv;
    demo =
        DemoWorkspace.writeOut(
            dir,
            new DemoWorkspace.Settings(
                proxyPort,
                bluePort,
                greenPort,
                databaseUrl,
                databaseUser,
                passwordEnv,
                classpath(),
                javaBinary(),
                options.faultyVersions));
    migrateToFirstVersion();

    proxy =
        EmbeddedProxy.start(
            "127.0.0.1:" + proxyPort,
            null, // the default: 127.0.0.1, the proxy's port + 10000, as the demo spec assumes
            routerToken,
            URI.create(demo.url(Color.BLUE)),
            URI.create(demo.url(Color.GREEN)),
            demo.stateFile());
    started.add(proxy);
    proxy.route(
        Color.BLUE,
        100); // a state file from an earlier run may point at green, which is not running

    Map<String, String> env = new HashMap<>();
    String password = databasePassword();
    if (password != null) env.put(passwordEnv, password);
    String out = demo.deploy(Color.BLUE, options.initialVersion, env, options.appStartTimeout);
    log.info("{}", out);
    waitForHealth(demo.url(Color.BLUE), options.initialVersion, options.appStartTimeout);
  }

  /**
   * Applies V1 (the schema 1.0.0 runs on) when the database has no migrations yet, so the first
   * release migrates from a live 1.0.0 like a real one would.
   */
  private void migrateToFirstVersion() throws IOException {
    try {
      Flyway flyway =
          Flyway.configure()
              .dataSource(databaseUrl, databaseUser, databasePassword())
              .locations("filesystem:" + demo.migrations())
              .target("1")
              .load();
      if (flyway.info().current() == null) {
        flyway.migrate();
        log.info("applied V1 (the schema of {}) to {}", options.initialVersion, databaseUrl);
      }
    } catch (RuntimeException e) {
      throw new IOException(
          "cannot prepare the shop schema in " + databaseUrl + ": " + e.getMessage(), e);
    }
  }

  private void waitForHealth(String url, String version, Duration timeout)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"version\":\"" + version + "\"")) return;
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(200);
    }
    throw new IOException(
        "the demo app at "
            + url
            + " did not report version "
            + version
            + " within "
            + timeout.toSeconds()
            + "s (last: "
            + last
            + "); see "
            + demo.log(Color.BLUE));
  }

  private int choosePort(int wanted, String what) throws IOException {
    if (wanted != 0 && portFree(wanted)) return wanted;
    if (wanted != 0 && options.portsGiven) {
      throw new IOException(
          "port "
              + wanted
              + " for the "
              + what
              + " is in use; stop what uses it or choose another port");
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      if (wanted != 0)
        log.info("port {} is in use: the {} gets port {}", wanted, what, s.getLocalPort());
      return s.getLocalPort();
    }
  }

  /** True when nothing listens on the port, on any interface. */
  static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String classpath() {
    if (options.classpath != null) return options.classpath;
    String env = System.getenv("GREENLIGHT_JAR");
    if (env != null && !env.isBlank()) return env;
    return System.getProperty("java.class.path");
  }

  private static String javaBinary() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java) ? java.toString() : "java";
  }

  private static Map<String, IndexedValueType> searchAttributes() {
    Map<String, IndexedValueType> m = new LinkedHashMap<>();
    for (SearchAttributeKey<String> key : SearchAttributes.ALL)
      m.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** A host:port. */
  record HostPort(String host, int port) {
    static HostPort parse(String text, String what) {
      int colon = text == null ? -1 : text.lastIndexOf(':');
      if (colon <= 0) throw new IllegalArgumentException(what + " '" + text + "' is not host:port");
      try {
        return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " '" + text + "' is not host:port");
      }
    }

    boolean isLocal() {
      return host.equals("127.0.0.1")
          || host.equals("localhost")
          || host.equals("0.0.0.0")
          || host.equals("::1");
    }
  }

  private static String routerToken() {
    String set = System.getenv(EmbeddedProxy.TOKEN_ENV);
    if (set != null && !set.isBlank()) return set;
    byte[] random = new byte[24];
    new java.security.SecureRandom().nextBytes(random);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
