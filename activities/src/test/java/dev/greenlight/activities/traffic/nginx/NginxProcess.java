package dev.greenlight.activities.traffic.nginx;

import dev.greenlight.activities.traffic.testbed.Processes;
import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.router.nginx.NginxSpec;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.NginxConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real nginx (Debian's) in the foreground with everything in a temp dir: two workers, one server
 * on a free loopback port proxying to {@code upstream app}, which lives in its own file ({@code
 * upstream.conf}) for the router to rewrite. Upstream connections are kept alive (HTTP/1.1,
 * Connection header cleared).
 */
public final class NginxProcess implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final Path conf;
  private final int port;

  private NginxProcess(Process process, Path dir, Path conf, int port) {
    this.process = process;
    this.dir = dir;
    this.conf = conf;
    this.port = port;
  }

  /**
   * Starts nginx with {@code upstream} as the upstream file's text.
   *
   * @param serverDirectives extra directives for the server block (e.g. "keepalive_timeout 0;")
   */
  public static NginxProcess start(Path dir, String upstream, String serverDirectives)
      throws IOException, InterruptedException {
    int port = FreePort.find();
    Path conf = dir.resolve("nginx.conf");
    Files.createDirectories(dir.resolve("tmp"));
    Files.writeString(dir.resolve("upstream.conf"), upstream);
    Files.writeString(
        conf,
        NginxConf.of(
            dir,
            2,
            1024,
            "include " + dir.resolve("upstream.conf") + ";",
            "server {",
            "  listen 127.0.0.1:" + port + ";",
            "  " + serverDirectives,
            "  location / {",
            "    proxy_pass http://app;",
            "    proxy_http_version 1.1;",
            "    proxy_set_header Connection \"\";",
            "  }",
            "}"));
    Path log = dir.resolve("nginx.out");
    List<String> command = new ArrayList<>(base(dir, conf));
    command.addAll(List.of("-g", "daemon off;"));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Processes.awaitPort(p, port, dir.resolve("error.log"), Duration.ofSeconds(10));
    } catch (RuntimeException | IOException | InterruptedException e) {
      Processes.stop(p);
      throw e;
    }
    return new NginxProcess(p, dir, conf, port);
  }

  private static List<String> base(Path dir, Path conf) {
    return List.of(
        "nginx",
        "-p",
        dir.toString(),
        "-e",
        dir.resolve("error.log").toString(),
        "-c",
        conf.toString());
  }

  public int port() {
    return port;
  }

  public Path upstreamFile() {
    return dir.resolve("upstream.conf");
  }

  /** {@code nginx -t} for this instance. */
  public Hook testHook() {
    List<String> argv = new ArrayList<>(base(dir, conf));
    argv.add("-t");
    return new Hook(argv, null, dir.toString());
  }

  /** {@code nginx -s reload} for this instance. */
  public Hook reloadHook() {
    List<String> argv = new ArrayList<>(base(dir, conf));
    argv.addAll(List.of("-s", "reload"));
    return new Hook(argv, null, dir.toString());
  }

  /** router.nginx as a spec would give it. */
  public NginxSpec spec() {
    return new NginxSpec(upstreamFile().toString(), "app", testHook(), reloadHook());
  }

  /** The worker processes' pids now. */
  public Set<Long> workers() {
    return process
        .children()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  /**
   * Waits until none of {@code before} is alive and new workers run: a reload has fully taken over
   * (old workers finish their requests and close idle connections first).
   */
  public void awaitReloaded(Set<Long> before) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Set<Long> now = workers();
      if (!now.isEmpty() && now.stream().noneMatch(before::contains)) return;
      Thread.sleep(10);
    }
    throw new IllegalStateException(
        "nginx still runs old workers " + before + " (now " + workers() + ")");
  }

  /** Runs {@code nginx -s reload} directly (what an operator or a plain script would do). */
  public void rawReload() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(reloadHook().argv()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException("nginx -s reload failed: " + out);
  }

  public String errorLog() throws IOException {
    return Processes.read(dir.resolve("error.log"));
  }

  @Override
  public void close() throws InterruptedException {
    Processes.stop(process);
  }
}
