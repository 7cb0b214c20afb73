package dev.greenlight.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Spec files for tests, written into a temp dir. */
final class Specs {
  private Specs() {}

  /** A valid spec for {@code app}: command router, one smoke check, approvers alice and bob. */
  static Path good(Path dir, String app) {
    return write(dir, app + ".yaml", """
        app: %s
        environments:
          blue:
            url: http://127.0.0.1:8081
            deploy: ["./deploy.sh", "blue", "${VERSION}"]
          green:
            url: http://127.0.0.1:8082
            deploy: ["./deploy.sh", "green", "${VERSION}"]
        health:
          path: /health
          versionField: version
        router:
          type: command
          url: http://127.0.0.1:8080
          command: {switch: ["./switch.sh", "${COLOR}"], active: ["./active.sh"]}
        smoke:
          - {name: health, path: /health, expect: 200}
        approval:
          approvers: [alice, bob]
          required: 1
          timeout: 24h
        monitor:
          window: 1m
          interval: 10s
        """.formatted(app));
  }

  static Path write(Path dir, String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
