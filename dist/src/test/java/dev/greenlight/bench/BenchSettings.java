package dev.greenlight.bench;

import dev.greenlight.api.spec.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's parameters, given as {@code key=value} arguments.
 *
 * @param releases N: apps, one release each, all running at once
 * @param window monitor.window of every release
 * @param interval monitor.interval
 * @param requestsPerSample monitor.requestsPerSample
 * @param p95Rollback monitor.p95.rollback (absolute, so a slow machine is not a bad build)
 * @param badFraction share of apps whose new color starts answering 500 during the window
 * @param cliReleases releases whose start and approve run as {@code bin/greenlight} processes; the
 *     others go through {@code ReleaseClient} in the benchmark's JVM
 * @param parallelism CLI processes at once
 * @param statusChecks {@code bin/greenlight status --json} runs during the window
 * @param cliJavaOpts GREENLIGHT_JAVA_OPTS for the CLI processes ("" leaves bin/greenlight's own)
 * @param workerJvm JVM options of the worker process
 * @param workerArgs extra {@code greenlight worker} arguments (tuning flags)
 * @param dir the work directory, or null for a new temporary one
 */
record BenchSettings(
    int releases,
    Duration window,
    Duration interval,
    int requestsPerSample,
    String p95Rollback,
    double badFraction,
    int cliReleases,
    int parallelism,
    int statusChecks,
    String cliJavaOpts,
    List<String> workerJvm,
    List<String> workerArgs,
    Path dir) {

  /** Every key with its default, in the order the usage lists them. */
  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("n", "30");
    DEFAULTS.put("window", "2m");
    DEFAULTS.put("interval", "10s");
    DEFAULTS.put("requests", "10");
    DEFAULTS.put("p95Rollback", "3000ms");
    DEFAULTS.put("bad", "0.1");
    DEFAULTS.put("cli", "all");
    DEFAULTS.put("parallelism", "4");
    DEFAULTS.put("statusChecks", "20");
    DEFAULTS.put("cliJavaOpts", "");
    DEFAULTS.put("workerJvm", "");
    DEFAULTS.put("workerArgs", "");
    DEFAULTS.put("dir", "");
  }

  static String usage() {
    StringBuilder s = new StringBuilder("arguments (key=value, all optional):");
    DEFAULTS.forEach((k, v) -> s.append(' ').append(k).append('=').append(v.isEmpty() ? "''" : v));
    return s.toString();
  }

  /**
   * Reads {@code key=value} arguments.
   *
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  static BenchSettings parse(String... args) {
    Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 1 || !DEFAULTS.containsKey(a.substring(0, eq)))
        throw new IllegalArgumentException("unknown argument '" + a + "'; " + usage());
      v.put(a.substring(0, eq), a.substring(eq + 1).trim());
    }
    int n = positive(v, "n");
    Duration window = duration(v, "window");
    Duration interval = duration(v, "interval");
    if (interval.compareTo(window) > 0)
      throw new IllegalArgumentException("interval: longer than the window");
    double bad = Double.parseDouble(v.get("bad"));
    if (bad < 0 || bad > 1) throw new IllegalArgumentException("bad: a share from 0 to 1");
    String cli = v.get("cli").toLowerCase(Locale.ROOT);
    int cliReleases = cli.equals("all") ? n : Math.min(n, nonNegative(v, "cli"));
    return new BenchSettings(
        n,
        window,
        interval,
        positive(v, "requests"),
        v.get("p95Rollback"),
        bad,
        cliReleases,
        positive(v, "parallelism"),
        nonNegative(v, "statusChecks"),
        v.get("cliJavaOpts"),
        words(v.get("workerJvm")),
        words(v.get("workerArgs")),
        v.get("dir").isEmpty() ? null : Path.of(v.get("dir")));
  }

  /** The apps that go bad: every k-th, spread over the CLI and client releases alike. */
  boolean bad(int index) {
    int bads = (int) Math.round(badFraction * releases);
    if (bads == 0) return false;
    // index i is bad when floor((i+1)·bads/N) > floor(i·bads/N): evenly spread, exactly bads
    return (long) (index + 1) * bads / releases > (long) index * bads / releases;
  }

  /** The parameters as one line, for the output. */
  String describe() {
    return "n="
        + releases
        + " window="
        + Durations.format(window)
        + " interval="
        + Durations.format(interval)
        + " requests="
        + requestsPerSample
        + " p95Rollback="
        + p95Rollback
        + " bad="
        + badFraction
        + " cli="
        + cliReleases
        + " parallelism="
        + parallelism
        + " statusChecks="
        + statusChecks
        + (cliJavaOpts.isEmpty() ? "" : " cliJavaOpts='" + cliJavaOpts + "'")
        + (workerJvm.isEmpty() ? "" : " workerJvm='" + String.join(" ", workerJvm) + "'")
        + (workerArgs.isEmpty() ? "" : " workerArgs='" + String.join(" ", workerArgs) + "'");
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
  }

  private static Duration duration(Map<String, String> v, String key) {
    try {
      return Durations.parse(v.get(key));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + ": '" + v.get(key) + "' is not a duration like 10s");
    }
  }

  private static int positive(Map<String, String> v, String key) {
    int i = nonNegative(v, key);
    if (i < 1) throw new IllegalArgumentException(key + ": must be at least 1");
    return i;
  }

  private static int nonNegative(Map<String, String> v, String key) {
    try {
      int i = Integer.parseInt(v.get(key));
      if (i < 0) throw new NumberFormatException();
      return i;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + ": '" + v.get(key) + "' is not a whole number (0 or more)");
    }
  }
}
