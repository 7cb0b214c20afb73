package dev.greenlight.activities.traffic.embedded;

import dev.greenlight.api.model.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded proxy's state file: its {@link Weights} as JSON. Written atomically (a temp file in
 * the same folder, then a rename) so a crash mid-write leaves the old state, never half a file.
 */
public final class WeightsFile {
  private final Path file;

  public WeightsFile(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  public Path path() {
    return file;
  }

  /**
   * The stored weights, or {@code fallback} when there is no file yet.
   *
   * @throws IOException when the file exists but cannot be read or holds no valid weights: the
   *     proxy must not silently forget which color is live
   */
  public Weights read(Weights fallback) throws IOException {
    if (!Files.exists(file)) return fallback;
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return Weights.fromJson(text, Color.BLUE);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "state file "
              + file
              + " is damaged ("
              + e.getMessage()
              + "); fix it or delete it to start with all traffic on blue",
          e);
    }
  }

  /** Replaces the stored weights atomically. */
  public void write(Weights weights) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, weights.toJson() + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
