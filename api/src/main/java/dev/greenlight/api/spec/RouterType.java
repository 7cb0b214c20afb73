package dev.greenlight.api.spec;

import java.nio.file.Path;

/**
 * One router type as the spec sees it: the name written in {@code router.type} and the reading of
 * its own section {@code router.<name>}. Each lives in its own package ({@code
 * dev.greenlight.api.spec.router.<name>}) and is registered in {@code
 * META-INF/services/dev.greenlight.api.spec.RouterType}; {@link RouterTypes} lists them. The router
 * that drives the load balancer is registered beside it in the activities module.
 *
 * @param <S> its section's record
 */
public interface RouterType<S extends RouterSection> {

  /** The name in {@code router.type}, and the key of its section ({@code router.<name>}). */
  String name();

  /** The section's record: what its history JSON is read back as. */
  Class<S> sectionClass();

  /** Whether {@code router.<name>} must be given when this is the type (default true). */
  default boolean sectionRequired() {
    return true;
  }

  /** Whether it can split traffic between the colors, i.e. take router.steps other than [100]. */
  default boolean splitsTraffic() {
    return true;
  }

  /**
   * Reads its section, reporting each problem on {@code section} with its field path. The loader
   * reports the fields it did not read, so a typo is never ignored. Also called for a section of a
   * type the spec does not choose: every section given is checked.
   */
  S read(SpecNode section, Context context);

  /**
   * What a spec that chooses this type but gives no section gets (only asked when the section is
   * not required); null by default.
   */
  default S absent(Context context) {
    return null;
  }

  /**
   * What a section may default from.
   *
   * @param app the spec's app name
   * @param baseDir the spec file's folder: hooks run there and relative paths resolve against it
   */
  record Context(String app, Path baseDir) {}
}
