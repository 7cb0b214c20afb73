package dev.greenlight.api.spec.router.embedded;

import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.SpecNode;

/**
 * Router type {@code embedded}: Greenlight's own proxy. Its section is optional: everything
 * defaults from {@code router.url}.
 */
public final class EmbeddedRouterType implements RouterType<EmbeddedSpec> {
  public static final String NAME = "embedded";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<EmbeddedSpec> sectionClass() {
    return EmbeddedSpec.class;
  }

  @Override
  public boolean sectionRequired() {
    return false;
  }

  @Override
  public EmbeddedSpec read(SpecNode section, Context context) {
    return new EmbeddedSpec(
        section.str("listen", null),
        section.file("stateFile", false),
        section.str("admin", null),
        section.str("tokenEnv", null));
  }
}
