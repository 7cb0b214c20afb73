package dev.greenlight.activities.traffic.nginx;

import dev.greenlight.activities.process.HookVariables;
import dev.greenlight.activities.process.SecretMask;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.TrafficRouterFactory;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.router.nginx.NginxRouterType;
import dev.greenlight.api.spec.router.nginx.NginxSpec;
import java.util.Map;

/** Builds the {@link NginxRouter} for {@code router.type: nginx}. */
public final class NginxRouterFactory implements TrafficRouterFactory<NginxSpec> {
  @Override
  public RouterType<NginxSpec> type() {
    return new NginxRouterType();
  }

  @Override
  public TrafficRouter create(NginxSpec section, ReleaseContext ctx) {
    return new NginxRouter(
        section,
        Map.of(
            Color.BLUE,
            NginxRouter.hostPort(ctx.spec().blue().url()),
            Color.GREEN,
            NginxRouter.hostPort(ctx.spec().green().url())),
        HookVariables.of(ctx),
        SecretMask.namedBy(ctx.spec()));
  }
}
