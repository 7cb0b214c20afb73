package dev.greenlight.devstack.demoapp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How one {@link DemoApp} process runs. From arguments ({@code --port 8081}), else the environment
 * ({@code DEMO_PORT}); the database password only ever comes from the environment.
 *
 * @param port HTTP port ({@code --port} / DEMO_PORT)
 * @param color blue or green, shown in /health ({@code --color} / DEMO_COLOR)
 * @param version the version it claims, shown in /health ({@code --version} / DEMO_VERSION)
 * @param dbUrl JDBC URL of the shop database, or null to run without one ({@code --db-url} /
 *     DEMO_DB_URL)
 * @param dbUser database user ({@code --db-user} / DEMO_DB_USER)
 * @param dbPassword the password, read from the env var named by {@code --db-password-env} (default
 *     DEMO_DB_PASSWORD); may be null
 * @param faultyVersions versions that fail under traffic ({@code --faulty-versions 3.0.0,3.1.0} /
 *     DEMO_FAULTY_VERSIONS; both are merged)
 * @param faultAfter requests to / and /api/* a faulty version serves well before failing ({@code
 *     --fault-after} / DEMO_FAULT_AFTER, default 20)
 * @param faultPercent share of those requests that fail after that, in percent ({@code
 *     --fault-percent} / DEMO_FAULT_PERCENT, default 40)
 * @param bind the address it listens on ({@code --bind} / DEMO_BIND, default 127.0.0.1; a container
 *     gives 0.0.0.0)
 * @param deployToken the token {@code POST /__demo/version/V} must carry, read from the env var
 *     {@value #DEPLOY_TOKEN_ENV} only; null (the default) turns that endpoint off
 */
public record DemoConfig(
    int port,
    String color,
    String version,
    String dbUrl,
    String dbUser,
    String dbPassword,
    Set<String> faultyVersions,
    int faultAfter,
    int faultPercent,
    String bind,
    String deployToken) {

  /** The env var holding the deploy token; unset, deploys over HTTP are off. */
  public static final String DEPLOY_TOKEN_ENV = "DEMO_DEPLOY_TOKEN";

  /** Listens on loopback, no deploy token. */
  public DemoConfig(
      int port,
      String color,
      String version,
      String dbUrl,
      String dbUser,
      String dbPassword,
      Set<String> faultyVersions,
      int faultAfter,
      int faultPercent) {
    this(
        port,
        color,
        version,
        dbUrl,
        dbUser,
        dbPassword,
        faultyVersions,
        faultAfter,
        faultPercent,
        "127.0.0.1",
        null);
  }

  /** The env var the password is read from unless {@code --db-password-env} names another. */
  public static final String DEFAULT_PASSWORD_ENV = "DEMO_DB_PASSWORD";

  /** True when this process plays a faulty release. */
  public boolean faulty() {
    return faulty(version);
  }

  /** True when {@code v} is one of the faulty versions. */
  public boolean faulty(String v) {
    return faultyVersions.contains(v);
  }

  /**
   * Reads arguments and environment.
   *
   * @throws IllegalArgumentException with a usage message
   */
  public static DemoConfig parse(String[] args, Map<String, String> env) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'\n" + usage());
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    String port = value(opts, env, "port", "DEMO_PORT");
    if (port == null) throw new IllegalArgumentException("--port is required\n" + usage());
    int portNumber;
    try {
      portNumber = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port '" + port + "' is not a number");
    }
    String color = value(opts, env, "color", "DEMO_COLOR");
    if (color == null) throw new IllegalArgumentException("--color is required\n" + usage());
    String version = value(opts, env, "version", "DEMO_VERSION");
    if (version == null) throw new IllegalArgumentException("--version is required\n" + usage());
    String passwordEnv = opts.getOrDefault("db-password-env", DEFAULT_PASSWORD_ENV);

    Set<String> faulty = new LinkedHashSet<>();
    for (String list :
        new String[] {opts.get("faulty-versions"), env.get("DEMO_FAULTY_VERSIONS")}) {
      if (list == null) continue;
      Arrays.stream(list.split("[,\\s]+"))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .forEach(faulty::add);
    }
    int after = number(value(opts, env, "fault-after", "DEMO_FAULT_AFTER"), 20, "fault-after");
    int percent =
        number(value(opts, env, "fault-percent", "DEMO_FAULT_PERCENT"), 40, "fault-percent");
    if (percent < 0 || percent > 100)
      throw new IllegalArgumentException("--fault-percent " + percent + " is outside 0..100");
    return new DemoConfig(
        portNumber,
        color,
        version,
        value(opts, env, "db-url", "DEMO_DB_URL"),
        value(opts, env, "db-user", "DEMO_DB_USER"),
        env.get(passwordEnv),
        Set.copyOf(faulty),
        after,
        percent,
        Objects.requireNonNullElse(value(opts, env, "bind", "DEMO_BIND"), "127.0.0.1"),
        value(Map.of(), env, "", DEPLOY_TOKEN_ENV));
  }

  private static String value(
      Map<String, String> opts, Map<String, String> env, String option, String envName) {
    String v = opts.get(option);
    if (v == null) v = env.get(envName);
    return v == null || v.isBlank() ? null : v;
  }

  private static int number(String text, int dflt, String option) {
    if (text == null) return dflt;
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + option + " '" + text + "' is not a number");
    }
  }

  static String usage() {
    return "usage: DemoApp --port N --color blue|green --version V [--db-url JDBC_URL --db-user"
        + " USER] [--db-password-env VAR (default "
        + DEFAULT_PASSWORD_ENV
        + ")] [--faulty-versions V,V]"
        + " [--fault-after N (default 20)] [--fault-percent P (default 40)]"
        + " [--bind ADDRESS (default 127.0.0.1)]; "
        + DEPLOY_TOKEN_ENV
        + " in the environment turns on POST /__demo/version/V";
  }

  @Override
  public String toString() {
    // never the password
    return "DemoConfig[port="
        + port
        + ", color="
        + color
        + ", version="
        + version
        + ", db="
        + dbUrl
        + ", user="
        + dbUser
        + ", faulty="
        + faulty()
        + ", bind="
        + bind
        + ", deploys over HTTP="
        + (deployToken != null)
        + "]";
  }
}
