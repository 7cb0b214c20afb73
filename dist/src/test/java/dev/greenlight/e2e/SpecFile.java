package dev.greenlight.e2e;

import dev.greenlight.api.model.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spec for a {@link ReleaseStack}: its ports, database, hooks and router scripts filled in, with
 * short timings (health 20 s, monitor 6 s at 1 s). A test replaces whole top-level sections, given
 * in YAML flow style, e.g. {@code with("approval", "{approvers: [alice], timeout: 3s}")}.
 */
final class SpecFile {
  private final ReleaseStack stack;
  private final Map<String, String> sections = new LinkedHashMap<>();

  SpecFile(ReleaseStack stack) {
    this.stack = stack;
    sections.put("app", "shop");
    sections.put(
        "environments",
        "\n  blue: " + environment(Color.BLUE) + "\n  green: " + environment(Color.GREEN));
    sections.put("health", "{path: /health, timeout: 20s, interval: 500ms, versionField: version}");
    sections.put(
        "router",
        "{type: command, url: \""
            + stack.routerUrl()
            + "\", command: {switch: [\"./switch.sh\", \"${COLOR}\"], active: [\"./active.sh\"]},"
            + " verifyTimeout: 5s}");
    sections.put(
        "database",
        "{url: \""
            + stack.jdbcUrl()
            + "\", user: shop, passwordEnv: "
            + ReleaseStack.PASSWORD_ENV
            + ", migrations: db/migration}");
    sections.put(
        "smoke",
        "\n"
            + "  - {name: health, path: /health, expect: 200, bodyContains: '\"status\":\"UP\"'}\n"
            + "  - {name: catalogue, method: GET, path: /api/products, expect: 200, bodyContains:"
            + " sku}");
    sections.put("approval", "{approvers: [alice, bob], required: 1, timeout: 10m}");
    sections.put(
        "monitor",
        "{window: 6s, interval: 1s, source: probe, path: /, requestsPerSample: 10,"
            + " errorRate: {alert: 0.03, rollback: 0.05}, p95: {alert: 1000ms, rollback: 3000ms}}");
  }

  private String environment(Color color) {
    return "{url: \""
        + stack.url(color)
        + "\", deploy: [\"./deploy-hook.sh\", \""
        + color.label()
        + "\", \"${VERSION}\"],"
        + " deployTimeout: 30s}";
  }

  /** Replaces a top-level section (flow YAML, or block YAML starting with a newline). */
  SpecFile with(String section, String yaml) {
    sections.put(section, yaml);
    return this;
  }

  /** Leaves a section out. */
  SpecFile without(String section) {
    sections.remove(section);
    return this;
  }

  /**
   * Writes it as {@code name} in the stack's work directory (where the hooks and migrations are).
   */
  Path write(String name) throws IOException {
    StringBuilder yaml = new StringBuilder("# written by the end-to-end tests\n");
    sections.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
    Path file = stack.dir().resolve(name);
    Files.writeString(file, yaml);
    return file;
  }
}
