package dev.greenlight.cli;

import dev.greenlight.testkit.SpecBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Spec files for the CLI tests, written into a temp dir. */
final class Specs {
  private Specs() {}

  /**
   * A valid spec for {@code app} in {@code dir/APP.yaml}: command router, one smoke check,
   * approvers alice and bob.
   */
  static Path good(Path dir, String app) {
    return SpecBuilder.in(dir)
        .app(app)
        .with("health", "{path: /health, versionField: version}")
        .with("smoke", "[{name: health, path: /health, expect: 200}]")
        .with("approval", "{approvers: [alice, bob], required: 1, timeout: 24h}")
        .with("monitor", "{window: 1m, interval: 10s}")
        .write(app + ".yaml");
  }

  /** Any text, e.g. a spec with mistakes. */
  static Path write(Path dir, String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
