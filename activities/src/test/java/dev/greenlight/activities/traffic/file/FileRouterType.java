package dev.greenlight.activities.traffic.file;

import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.SpecNode;

/**
 * A test-only router type, {@code file}, registered in src/test/resources/META-INF/services as a
 * real one is in src/main/resources.
 */
public final class FileRouterType implements RouterType<FileRouterSpec> {
  @Override
  public String name() {
    return "file";
  }

  @Override
  public Class<FileRouterSpec> sectionClass() {
    return FileRouterSpec.class;
  }

  @Override
  public FileRouterSpec read(SpecNode section, Context context) {
    String path = section.file("path", true);
    return new FileRouterSpec(path == null ? null : context.baseDir().resolve(path).toString());
  }
}
