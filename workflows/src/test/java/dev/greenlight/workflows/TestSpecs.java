package dev.greenlight.workflows;

import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecException;
import dev.greenlight.api.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Specs for workflow tests, written as an operator would write them. */
final class TestSpecs {
  private TestSpecs() {}

  static String yaml(String approval, String monitor, String steps) {
    return """
        app: shop
        environments:
          blue:  {url: "http://127.0.0.1:18081", deploy: ["./deploy.sh", "blue", "${VERSION}"]}
          green: {url: "http://127.0.0.1:18082", deploy: "./deploy.sh green ${VERSION}"}
        health: {path: /health, timeout: 2m, versionField: version}
        router:
          type: command
          url: http://127.0.0.1:18080
          command: {switch: ["./switch.sh", "${COLOR}"], active: ["./active.sh"]}
          steps: %s
        database:
          url: jdbc:postgresql://127.0.0.1:5432/shop
          user: shop
          passwordEnv: SHOP_DB_PASSWORD
          migrations: db/migration
        smoke:
          - {name: health, path: /health, expect: 200}
          - {name: catalogue, path: /api/products, bodyContains: sku}
        approval: %s
        monitor: %s
        """.formatted(steps, approval, monitor);
  }

  static ReleaseSpec spec(Path dir, String approval, String monitor) throws IOException, SpecException {
    Files.createDirectories(dir.resolve("db/migration"));
    return SpecLoader.parse(yaml(approval, monitor, "[100]"), dir.resolve("greenlight.yaml"));
  }

  static ReleaseSpec standard(Path dir) throws IOException, SpecException {
    return spec(dir, "{approvers: [alice, bob], required: 1, timeout: 24h}",
        "{window: 15m, interval: 10s, errorRate: {alert: 0.03, rollback: 0.05}, p95: {alert: 1000ms, rollback: 2.0x}}");
  }
}
