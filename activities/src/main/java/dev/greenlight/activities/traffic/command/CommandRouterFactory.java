package dev.greenlight.activities.traffic.command;

import dev.greenlight.activities.process.HookVariables;
import dev.greenlight.activities.process.SecretMask;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.TrafficRouterFactory;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.router.command.CommandRouterSpec;
import dev.greenlight.api.spec.router.command.CommandRouterType;

/** Builds the {@link CommandRouter} for {@code router.type: command}. */
public final class CommandRouterFactory implements TrafficRouterFactory<CommandRouterSpec> {
  @Override
  public RouterType<CommandRouterSpec> type() {
    return new CommandRouterType();
  }

  @Override
  public TrafficRouter create(CommandRouterSpec section, ReleaseContext ctx) {
    return new CommandRouter(section, HookVariables.of(ctx), SecretMask.namedBy(ctx.spec()));
  }
}
