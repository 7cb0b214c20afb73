package dev.greenlight.api.spec.router.command;

import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.SpecNode;

/** Router type {@code command}: the operator's own switch and active scripts. */
public final class CommandRouterType implements RouterType<CommandRouterSpec> {
  public static final String NAME = "command";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<CommandRouterSpec> sectionClass() {
    return CommandRouterSpec.class;
  }

  /** A script switches all traffic at once. */
  @Override
  public boolean splitsTraffic() {
    return false;
  }

  @Override
  public CommandRouterSpec read(SpecNode section, Context context) {
    return new CommandRouterSpec(
        section.hook("switch", true, context.baseDir()),
        section.hook("active", true, context.baseDir()));
  }
}
