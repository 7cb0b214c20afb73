package dev.greenlight.activities.traffic.file;

import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.TrafficRouterFactory;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.RouterType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test-only router type {@code file}: the split is a line in a file, e.g. {@code green 10}. */
public final class FileRouter implements TrafficRouter {
  private final Path file;

  FileRouter(FileRouterSpec spec) {
    this.file = Path.of(spec.path());
  }

  /** Path of the file it keeps the split in. */
  public Path file() {
    return file;
  }

  @Override
  public Color liveColor() throws RouterException {
    try {
      String[] split = Files.readString(file).trim().split(" ");
      Color color = Color.parse(split[0]);
      return Integer.parseInt(split[1]) > 50 ? color : color.other();
    } catch (IOException | RuntimeException e) {
      throw new RouterException("cannot read " + file + ": " + e.getMessage(), false);
    }
  }

  @Override
  public String route(Color color, int percent) throws RouterException {
    try {
      Files.writeString(file, color.label() + " " + percent + "\n");
      return percent + "% on " + color;
    } catch (IOException e) {
      throw new RouterException("cannot write " + file + ": " + e.getMessage(), true);
    }
  }

  /** Registered in src/test/resources/META-INF/services beside {@link FileRouterType}. */
  public static final class Factory implements TrafficRouterFactory<FileRouterSpec> {
    @Override
    public RouterType<FileRouterSpec> type() {
      return new FileRouterType();
    }

    @Override
    public TrafficRouter create(FileRouterSpec section, ReleaseContext ctx) {
      return new FileRouter(section);
    }
  }
}
