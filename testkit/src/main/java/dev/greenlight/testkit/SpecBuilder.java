package dev.greenlight.testkit;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecException;
import dev.greenlight.api.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds real specs for tests: YAML written to a folder and loaded by {@link SpecLoader}, so every
 * test runs on a spec the validator accepts. Sections are given in YAML flow style and replace the
 * preset's whole.
 *
 * <pre>{@code
 * ReleaseContext ctx =
 *     SpecBuilder.in(dir).urls(blue.url(), green.url()).with("smoke", CHECKS).context();
 * ReleaseSpec spec =
 *     SpecBuilder.release(dir).with("monitor", "{window: 1m, interval: 10s}").load();
 * Path file = SpecBuilder.in(dir).app("cart").write("cart.yaml");   // for the CLI
 * }</pre>
 */
public final class SpecBuilder {
  public static final String VERSION = "2.0.0";
  public static final String RELEASE = "shop-2.0.0-k3f9";

  private final Path dir;
  private final Map<String, String> sections = new LinkedHashMap<>();

  private SpecBuilder(Path dir) {
    this.dir = dir;
  }

  /**
   * The smallest valid spec, in {@code dir} (relative hook and migration paths resolve there): app
   * shop, both colors on closed ports with the hook "true", a command router that says blue is
   * live.
   */
  public static SpecBuilder in(Path dir) {
    SpecBuilder b = new SpecBuilder(dir);
    b.sections.put("app", "shop");
    b.sections.put("environments", environments("http://127.0.0.1:1", "http://127.0.0.1:2"));
    // router.verify, not health.versionField: tests of health and deploy need a spec without it
    b.sections.put(
        "router",
        "{type: command, url: \"http://127.0.0.1:3\", verify: {header: X-Color}, "
            + "command: {switch: [\"true\"], active: [\"echo\", \"blue\"]}}");
    return b;
  }

  /**
   * Every section, as an operator writes them: deploy hooks, health with a version field, a command
   * router, a database with migrations in {@code db/migration}, two smoke checks, approvers alice
   * and bob (one needed, 24h), a 15-minute monitor every 10 s with both thresholds.
   */
  public static SpecBuilder release(Path dir) {
    SpecBuilder b = new SpecBuilder(dir);
    b.sections.put("app", "shop");
    b.sections.put(
        "environments",
        "{blue: {url: \"http://127.0.0.1:18081\", deploy: [\"./deploy.sh\", \"blue\","
            + " \"${VERSION}\"]}, green: {url: \"http://127.0.0.1:18082\", deploy: \"./deploy.sh"
            + " green ${VERSION}\"}}");
    b.sections.put("health", "{path: /health, timeout: 2m, versionField: version}");
    b.sections.put(
        "router",
        "{type: command, url: \"http://127.0.0.1:18080\", command: {switch: [\"./switch.sh\","
            + " \"${COLOR}\"], active: [\"./active.sh\"]}, steps: [100]}");
    b.sections.put(
        "database",
        "{url: \"jdbc:postgresql://127.0.0.1:5432/shop\", user: shop, passwordEnv:"
            + " SHOP_DB_PASSWORD, migrations: db/migration}");
    b.sections.put(
        "smoke",
        "[{name: health, path: /health, expect: 200}, {name: catalogue, path: /api/products,"
            + " bodyContains: sku}]");
    b.sections.put("approval", "{approvers: [alice, bob], required: 1, timeout: 24h}");
    b.sections.put(
        "monitor",
        "{window: 15m, interval: 10s, errorRate: {alert: 0.03, rollback: 0.05},"
            + " p95: {alert: 1000ms, rollback: 2.0x}}");
    return b;
  }

  /**
   * Replaces (or adds) a top-level section, e.g. {@code with("health", "{path: /health, timeout:
   * 1s}")}.
   */
  public SpecBuilder with(String section, String flowYaml) {
    sections.put(section, flowYaml);
    return this;
  }

  /** Leaves a section out, e.g. {@code without("database")}. */
  public SpecBuilder without(String section) {
    sections.remove(section);
    return this;
  }

  public SpecBuilder app(String app) {
    return with("app", app);
  }

  /** Both environments with the hook "true". */
  public SpecBuilder urls(String blueUrl, String greenUrl) {
    return with("environments", environments(blueUrl, greenUrl));
  }

  /** The spec as YAML. */
  public String yaml() {
    StringBuilder yaml = new StringBuilder();
    sections.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
    return yaml.toString();
  }

  /**
   * Writes the spec to {@code dir/fileName} (and the migrations folder it names); returns the file.
   */
  public Path write(String fileName) {
    Path file = dir.resolve(fileName);
    try {
      Files.createDirectories(dir);
      if (sections.containsKey("database")) Files.createDirectories(dir.resolve("db/migration"));
      Files.writeString(file, yaml());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code greenlight.yaml} and loads it. */
  public ReleaseSpec load() {
    Path file = write("greenlight.yaml");
    try {
      return SpecLoader.load(file);
    } catch (SpecException e) {
      throw new IllegalArgumentException(
          "test spec rejected:\n" + e.getMessage() + "\n---\n" + yaml(), e);
    }
  }

  /** The release context for version {@link #VERSION}. */
  public ReleaseContext context() {
    return context(VERSION);
  }

  public ReleaseContext context(String version) {
    return new ReleaseContext(RELEASE, version, load());
  }

  private static String environments(String blueUrl, String greenUrl) {
    return "{blue: {url: \""
        + blueUrl
        + "\", deploy: [\"true\"]}, green: {url: \""
        + greenUrl
        + "\", deploy: [\"true\"]}}";
  }
}
