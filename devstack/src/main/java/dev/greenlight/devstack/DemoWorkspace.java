package dev.greenlight.devstack;

import dev.greenlight.api.model.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's work directory, written out from the {@code demo/} resources:
 *
 * <pre>
 * greenlight.yaml          the spec (ports, database and proxy filled in)
 * deploy.sh                (re)starts the demo app for a color: ./deploy.sh blue|green VERSION
 * demo.env                 what deploy.sh reads: GREENLIGHT_JAR, JAVA, ports, database URL and user
 * faulty-versions          versions that fail under traffic, one a line
 * db/migration/V*.sql      the shop's Flyway migrations
 * router-state.json        the embedded proxy's weights
 * run/&lt;color&gt;.pid, .log  the running demo apps
 * </pre>
 *
 * No password is ever written here: the app reads it from the environment variable named in
 * demo.env ({@code DEMO_DB_PASSWORD_ENV}).
 */
public final class DemoWorkspace {
  private static final Logger log = LoggerFactory.getLogger(DemoWorkspace.class);

  /** deploy.sh starts each app with this JVM option first: long command lines get truncated. */
  private static final String APP_MARKER = "-Dgreenlight.demoapp=";

  private static final List<String> RESOURCES =
      List.of(
          "greenlight.yaml",
          "deploy.sh",
          "db/migration/V1__create_schema.sql",
          "db/migration/V2__add_order_note.sql");

  /**
   * What the work directory is written out with.
   *
   * @param proxyPort the embedded proxy's port (router.url)
   * @param bluePort blue's port
   * @param greenPort green's port
   * @param dbUrl JDBC URL of the shop database
   * @param dbUser its user
   * @param dbPasswordEnv the env var holding its password (the name only)
   * @param classpath what {@code java -cp} needs to run the demo app
   *     (greenlight.jar:greenlight-devstack.jar)
   * @param java the java binary
   * @param faultyVersions versions that fail under traffic
   */
  public record Settings(
      int proxyPort,
      int bluePort,
      int greenPort,
      String dbUrl,
      String dbUser,
      String dbPasswordEnv,
      String classpath,
      String java,
      List<String> faultyVersions) {}

  private final Path dir;
  private final Settings settings;

  private DemoWorkspace(Path dir, Settings settings) {
    this.dir = dir;
    this.settings = settings;
  }

  /** Writes (or rewrites) the work directory. Stop old apps first ({@link #stopApps(Path)}). */
  public static DemoWorkspace writeOut(Path dir, Settings s) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    Files.createDirectories(root.resolve("run"));
    for (String name : RESOURCES) {
      Path target = root.resolve(name);
      Files.createDirectories(target.getParent());
      String text = resource(name);
      if (name.equals("greenlight.yaml")) {
        text =
            text.replace("{{BLUE_PORT}}", String.valueOf(s.bluePort()))
                .replace("{{GREEN_PORT}}", String.valueOf(s.greenPort()))
                .replace("{{PROXY_PORT}}", String.valueOf(s.proxyPort()))
                .replace("{{STATE_FILE}}", yamlString(root.resolve("router-state.json").toString()))
                .replace("{{DB_URL}}", yamlString(s.dbUrl()))
                .replace("{{DB_USER}}", yamlString(s.dbUser()))
                .replace("{{DB_PASSWORD_ENV}}", s.dbPasswordEnv());
      }
      Files.writeString(target, text, StandardCharsets.UTF_8);
    }
    makeExecutable(root.resolve("deploy.sh"));
    Files.writeString(
        root.resolve("demo.env"),
        String.join(
            "\n",
            "# Written by greenlight dev / greenlight demo; read by deploy.sh. No secrets here.",
            "GREENLIGHT_JAR=" + shellQuote(s.classpath()),
            "JAVA=" + shellQuote(s.java()),
            "BLUE_PORT=" + s.bluePort(),
            "GREEN_PORT=" + s.greenPort(),
            "DEMO_DB_URL=" + shellQuote(s.dbUrl()),
            "DEMO_DB_USER=" + shellQuote(s.dbUser()),
            "DEMO_DB_PASSWORD_ENV=" + shellQuote(s.dbPasswordEnv()),
            ""),
        StandardCharsets.UTF_8);
    List<String> faulty = new ArrayList<>();
    faulty.add(
        "# versions of the demo app that pass health and smoke checks but fail under traffic");
    faulty.addAll(s.faultyVersions());
    Files.write(root.resolve("faulty-versions"), faulty, StandardCharsets.UTF_8);
    return new DemoWorkspace(root, s);
  }

  public Path dir() {
    return dir;
  }

  public Settings settings() {
    return settings;
  }

  public Path specFile() {
    return dir.resolve("greenlight.yaml");
  }

  public Path deployScript() {
    return dir.resolve("deploy.sh");
  }

  public Path migrations() {
    return dir.resolve("db/migration");
  }

  /** The embedded proxy's state file. */
  public Path stateFile() {
    return dir.resolve("router-state.json");
  }

  public Path runDir() {
    return dir.resolve("run");
  }

  /** The log of one color's app. */
  public Path log(Color color) {
    return runDir().resolve(color.label() + ".log");
  }

  public String url(Color color) {
    return "http://127.0.0.1:" + (color == Color.BLUE ? settings.bluePort() : settings.greenPort());
  }

  /**
   * Runs {@code ./deploy.sh COLOR VERSION} as the worker would, and waits for it (not for the app).
   *
   * @param env extra environment (e.g. the database password variable)
   * @return its output
   * @throws IOException when it fails; the message holds its output
   */
  public String deploy(Color color, String version, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Path out = runDir().resolve("deploy-" + color.label() + ".out");
    Files.createDirectories(runDir());
    // output to a file, not a pipe: a stuck script must not block us past the timeout
    ProcessBuilder pb =
        new ProcessBuilder("./deploy.sh", color.label(), version)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException(
          "deploy.sh "
              + color.label()
              + " "
              + version
              + " did not finish within "
              + timeout.toSeconds()
              + "s");
    }
    String text = Files.readString(out, StandardCharsets.UTF_8).strip();
    if (p.exitValue() != 0) {
      throw new IOException(
          "deploy.sh "
              + color.label()
              + " "
              + version
              + " failed (exit "
              + p.exitValue()
              + "): "
              + text);
    }
    return text;
  }

  /** The pid of the demo app running for {@code color}, if one runs. */
  public Optional<ProcessHandle> app(Color color) {
    return app(dir, color);
  }

  /** Stops the demo apps this work directory started (both colors). */
  public void stopApps() {
    stopApps(dir);
  }

  /**
   * Stops the demo apps recorded in {@code dir/run/*.pid}: only processes that really are the demo
   * app (a reused pid is left alone). Used before rewriting a work directory left by a crashed run.
   */
  public static void stopApps(Path dir) {
    for (Color color : Color.values()) {
      app(dir, color)
          .ifPresent(
              p -> {
                log.info("stopping the demo app on {} (pid {})", color.label(), p.pid());
                p.destroy();
                try {
                  p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                  p.destroyForcibly();
                }
              });
      try {
        Files.deleteIfExists(dir.resolve("run").resolve(color.label() + ".pid"));
      } catch (IOException e) {
        log.warn(
            "cannot remove {}: {}",
            dir.resolve("run").resolve(color.label() + ".pid"),
            e.toString());
      }
    }
  }

  private static Optional<ProcessHandle> app(Path dir, Color color) {
    Path pidFile = dir.resolve("run").resolve(color.label() + ".pid");
    if (!Files.isRegularFile(pidFile)) return Optional.empty();
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains(APP_MARKER + color.label() + " "))
                    .orElse(false));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DemoWorkspace.class.getResourceAsStream("/demo/" + name)) {
      if (in == null)
        throw new IOException("demo resource /demo/" + name + " is missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      file.toFile().setExecutable(true);
    }
  }

  /** A double-quoted YAML scalar (JSON string rules, which YAML accepts). */
  private static String yamlString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A single-quoted shell word. */
  static String shellQuote(String s) {
    return "'" + (s == null ? "" : s.replace("'", "'\\''")) + "'";
  }
}
