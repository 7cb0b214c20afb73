package dev.greenlight.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The nginx.conf of a test's own nginx: everything (pid, logs, temp paths) inside {@code dir}, so
 * it runs beside the system's nginx and as root in CI. The caller gives what goes in {@code http}.
 *
 * <pre>{@code
 * Files.writeString(conf, NginxConf.of(dir, 1, 256, "server { listen 127.0.0.1:" + port + "; }"));
 * }</pre>
 */
public final class NginxConf {
  private NginxConf() {}

  /** A whole config: {@code workers} worker processes, and {@code http} lines in the http block. */
  public static String of(Path dir, int workers, int workerConnections, String... http) {
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> lines = new ArrayList<>();
    lines.add(root ? "user root;" : "");
    lines.add("worker_processes " + workers + ";");
    lines.add("pid " + dir.resolve("nginx.pid") + ";");
    lines.add("error_log " + dir.resolve("error.log") + " warn;");
    lines.add("events { worker_connections " + workerConnections + "; }");
    lines.add("http {");
    lines.add("  access_log off;");
    for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      String folder = temp.equals("client_body") ? "body" : temp;
      lines.add("  " + temp + "_temp_path " + dir.resolve("tmp/" + folder) + ";");
    }
    for (String line : http) lines.add("  " + line);
    lines.add("}");
    lines.add("");
    return String.join("\n", lines);
  }
}
