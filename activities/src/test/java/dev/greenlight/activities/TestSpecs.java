package dev.greenlight.activities;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.SpecException;
import dev.greenlight.api.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds real specs for activity tests: YAML written to a temp folder and loaded by {@link
 * SpecLoader}, so every test runs on a spec the validator accepts. Sections are given in YAML
 * flow style and replace the defaults whole.
 */
public final class TestSpecs {
  public static final String VERSION = "2.0.0";
  public static final String RELEASE = "shop-2.0.0-k3f9";

  private final Path dir;
  private final Map<String, String> sections = new LinkedHashMap<>();

  private TestSpecs(Path dir) {
    this.dir = dir;
    sections.put("app", "shop");
    sections.put("environments", environments("http://127.0.0.1:1", "http://127.0.0.1:2"));
    // router.verify, not health.versionField: tests of health and deploy need a spec without it
    sections.put("router", "{type: command, url: \"http://127.0.0.1:3\", verify: {header: X-Color}, "
        + "command: {switch: [\"true\"], active: [\"echo\", \"blue\"]}}");
  }

  /** A spec whose file lives in {@code dir} (relative hook and migration paths resolve there). */
  public static TestSpecs in(Path dir) {
    return new TestSpecs(dir);
  }

  /** Replaces a top-level section, e.g. {@code with("health", "{path: /health, timeout: 1s}")}. */
  public TestSpecs with(String section, String flowYaml) {
    sections.put(section, flowYaml);
    return this;
  }

  /** Both environments with the default deploy hook ("true"). */
  public TestSpecs urls(String blueUrl, String greenUrl) {
    return with("environments", environments(blueUrl, greenUrl));
  }

  /** The release context for version {@link #VERSION}. */
  public ReleaseContext context() {
    return context(VERSION);
  }

  public ReleaseContext context(String version) {
    StringBuilder yaml = new StringBuilder();
    sections.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
    Path file = dir.resolve("greenlight.yaml");
    try {
      Files.writeString(file, yaml);
      return new ReleaseContext(RELEASE, version, SpecLoader.load(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SpecException e) {
      throw new IllegalArgumentException("test spec rejected:\n" + e.getMessage() + "\n---\n" + yaml, e);
    }
  }

  private static String environments(String blueUrl, String greenUrl) {
    return "{blue: {url: \"" + blueUrl + "\", deploy: [\"true\"]}, green: {url: \"" + greenUrl + "\", deploy: [\"true\"]}}";
  }
}
