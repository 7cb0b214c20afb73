package dev.greenlight.activities.traffic.nginx;

import dev.greenlight.activities.process.HookRunner;
import dev.greenlight.activities.process.HookVariables;
import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.router.nginx.NginxSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Switches traffic by rewriting an nginx upstream file and reloading nginx: the new file replaces
 * the old one atomically, {@code router.nginx.test} (default {@code nginx -t}) must accept it, then
 * {@code router.nginx.reload} (default {@code nginx -s reload}) applies it. When nginx rejects the
 * file the previous one is put back and nginx is not reloaded.
 *
 * <p>Each color is one {@code server host:port} line, host:port taken from its environment's url. A
 * share above 0 is {@code weight=<percent>}; 0 is {@code down} (nginx has no weight 0).
 *
 * <p>A reload replaces nginx's worker processes; the old ones close idle keep-alive client
 * connections, and a request a client sends on one at that moment fails unless the client retries
 * it (as browsers and most HTTP libraries do for idempotent requests). nginx 1.27.4 added {@code
 * keepalive_min_timeout} against this. See BENCHMARKS.md, "Traffic switch".
 */
public final class NginxRouter implements TrafficRouter {
  /** How long the test or the reload command may run. */
  public static final Duration HOOK_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern ADDRESS =
      Pattern.compile("[A-Za-z0-9._\\-]+(:[0-9]+)?|\\[[0-9A-Fa-f:.]+\\](:[0-9]+)?");

  private final NginxSpec spec;
  private final Path file;
  private final Map<Color, String> addresses;
  private final HookVariables hookVars;
  private final List<String> secretEnv;

  /**
   * A router for {@code spec} (router.nginx).
   *
   * @param addresses host:port of each color's server, see {@link #hostPort(String)}
   * @param hookVars placeholder values for the test and reload commands (APP, VERSION, RELEASE);
   *     COLOR is set to the color being routed to
   */
  public NginxRouter(NginxSpec spec, Map<Color, String> addresses, HookVariables hookVars) {
    this(spec, addresses, hookVars, List.of());
  }

  /**
   * The same, masking in what the test and reload commands print the values of {@code secretEnv}
   * (the spec's {@code database.passwordEnv}) besides those of variables named like secrets.
   */
  public NginxRouter(
      NginxSpec spec,
      Map<Color, String> addresses,
      HookVariables hookVars,
      List<String> secretEnv) {
    if (spec.upstream() == null || spec.upstream().isBlank()) {
      throw new IllegalArgumentException("router.nginx.upstream is required");
    }
    this.spec = spec;
    this.file = Path.of(spec.upstreamFile()).toAbsolutePath();
    this.addresses = new EnumMap<>(Color.class);
    for (Color c : Color.values()) {
      String a = addresses.get(c);
      if (a == null || !ADDRESS.matcher(a).matches()) {
        throw new IllegalArgumentException("expected host:port for " + c + ", got '" + a + "'");
      }
      this.addresses.put(c, a);
    }
    this.hookVars = Objects.requireNonNull(hookVars, "hookVars");
    this.secretEnv = List.copyOf(secretEnv);
  }

  /**
   * host:port of an environment url, as nginx's {@code server} wants it (port 80/443 when absent).
   */
  public static String hostPort(String url) {
    URI uri = URI.create(url);
    if (uri.getHost() == null) throw new IllegalArgumentException("no host in url '" + url + "'");
    int port =
        uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return uri.getHost() + ":" + port;
  }

  @Override
  public Color liveColor() throws RouterException {
    String text = read();
    if (text == null) {
      throw new RouterException(
          "no nginx upstream file at "
              + file
              + ": write `upstream "
              + spec.upstream()
              + " { server <live color's host:port>; }` there and include it in nginx.conf",
          false);
    }
    Map<Color, Integer> shares = parse(text).shares(addresses);
    int blue = shares.get(Color.BLUE);
    int green = shares.get(Color.GREEN);
    if (blue == 0 && green == 0) {
      throw new RouterException(
          file
              + " sends traffic to no color: list the live color's server in `upstream "
              + spec.upstream()
              + "`",
          false);
    }
    if (blue == green) {
      throw new RouterException(
          file
              + " splits traffic evenly between blue and green, so no color is live: "
              + "send all traffic to one color first",
          false);
    }
    return blue > green ? Color.BLUE : Color.GREEN;
  }

  @Override
  public String route(Color color, int percent) throws RouterException {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0..100, got " + percent);
    }
    if (percent == 0) return route(color.other(), 100);
    String old = read();
    UpstreamFile current = old == null ? UpstreamFile.empty(spec.upstream()) : parse(old);
    Map<Color, Integer> weights = new EnumMap<>(Color.class);
    weights.put(color, percent);
    weights.put(color.other(), 100 - percent);
    String where = percent + "% on " + color + " in nginx upstream " + spec.upstream();
    if (!current.pending() && !current.isEmpty() && inPlace(shares(current), color, percent)) {
      return "already " + where + " (" + file + ")";
    }

    write(current.render(addresses, weights, true));
    HookRunner.Result test;
    HookRunner.Result reload;
    try {
      test = run(spec.test(), color);
      if (!test.ok()) throw failed("test", spec.test(), test, false);
      reload = run(spec.reload(), color);
      if (!reload.ok()) throw failed("reload", spec.reload(), reload, true);
    } catch (RouterException e) {
      throw restoring(old, e);
    } catch (RuntimeException e) {
      throw restoring(old, new RouterException("switching nginx failed: " + e, true, e));
    }
    write(current.render(addresses, weights, false));
    return where
        + ": "
        + file
        + " tested in "
        + test.millis()
        + " ms, nginx reloaded in "
        + reload.millis()
        + " ms";
  }

  private static boolean inPlace(Map<Color, Integer> shares, Color color, int percent) {
    int target = shares.get(color);
    int other = shares.get(color.other());
    long total = (long) target + other;
    return total > 0 && target * 100L == percent * total;
  }

  private Map<Color, Integer> shares(UpstreamFile upstream) throws RouterException {
    try {
      return upstream.shares(addresses);
    } catch (IllegalArgumentException e) {
      throw new RouterException(
          file + " " + e.getMessage() + ": fix the file or the environments' urls", false);
    }
  }

  private UpstreamFile parse(String text) throws RouterException {
    try {
      UpstreamFile upstream = UpstreamFile.parse(text, spec.upstream());
      shares(upstream); // every server must be one of the colors before we touch anything
      return upstream;
    } catch (IllegalArgumentException e) {
      throw new RouterException(
          file
              + " "
              + e.getMessage()
              + ": point router.nginx.upstreamFile at the file "
              + "holding the upstream, or router.nginx.upstream at its name",
          false);
    }
  }

  private HookRunner.Result run(Hook hook, Color color) throws RouterException {
    Map<String, String> vars = hookVars.withColor(color).asMap();
    try {
      return HookRunner.run(
          hook, vars, System.getenv(), secretEnv, HOOK_TIMEOUT, null); // tail masked
    } catch (IOException e) {
      throw new RouterException("cannot run `" + hook.display() + "`: " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RouterException("interrupted while running `" + hook.display() + "`", true, e);
    }
  }

  private RouterException failed(
      String what, Hook hook, HookRunner.Result result, boolean retryable) {
    String field = "router.nginx." + what;
    if (result.timedOut()) {
      return new RouterException(
          "`"
              + hook.display()
              + "` ("
              + field
              + ") did not finish within "
              + HOOK_TIMEOUT.toSeconds()
              + "s",
          true);
    }
    if (result.exitCode() == 127) {
      return new RouterException(
          "cannot run `"
              + hook.display()
              + "` ("
              + field
              + "): "
              + result.tail()
              + " -- is nginx installed and on the worker's PATH?",
          false);
    }
    if (what.equals("test")) {
      return new RouterException(
          "nginx rejected the new upstream file "
              + file
              + " (`"
              + hook.display()
              + "` exited "
              + result.exitCode()
              + "); nginx was not reloaded:\n"
              + result.tail(),
          false);
    }
    return new RouterException(
        "`"
            + hook.display()
            + "` ("
            + field
            + ") exited "
            + result.exitCode()
            + "; is nginx running?\n"
            + result.tail(),
        retryable);
  }

  /** Puts the previous file back and says so in the message. */
  private RouterException restoring(String old, RouterException cause) {
    try {
      if (old == null) Files.deleteIfExists(file);
      else write(old);
      return new RouterException(
          cause.getMessage() + "\nThe previous " + file + " is back in place.",
          cause.retryable(),
          cause);
    } catch (IOException | RouterException e) {
      return new RouterException(
          cause.getMessage()
              + "\nPutting the previous "
              + file
              + " back failed too ("
              + e.getMessage()
              + "): restore it by hand before nginx is next reloaded.",
          false,
          cause);
    }
  }

  /** The file's text, or null when there is none. */
  private String read() throws RouterException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (AccessDeniedException e) {
      throw new RouterException(
          "the worker may not read " + file + ": give its user read and write access", false, e);
    } catch (IOException e) {
      throw new RouterException("cannot read " + file + ": " + e.getMessage(), true, e);
    }
  }

  /** Replaces the file in one step: a temp file beside it, synced, then moved over it. */
  private void write(String text) throws RouterException {
    Path dir = file.getParent();
    Path tmp = null;
    try {
      Set<PosixFilePermission> mode =
          Files.exists(file)
              ? Files.getPosixFilePermissions(file)
              : PosixFilePermissions.fromString("rw-r--r--");
      tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) ch.write(bytes);
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, mode);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      throw new RouterException(
          "cannot write " + file + ": directory " + dir + " does not exist", false, e);
    } catch (AccessDeniedException e) {
      throw new RouterException(
          "the worker may not write "
              + file
              + " (or create files in "
              + dir
              + "): give its user write access",
          false,
          e);
    } catch (IOException e) {
      throw new RouterException("cannot write " + file + ": " + e.getMessage(), true, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stray dot-file; nginx does not read it
        }
      }
    }
  }
}
