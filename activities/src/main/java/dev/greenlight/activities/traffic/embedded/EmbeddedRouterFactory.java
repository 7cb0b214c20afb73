package dev.greenlight.activities.traffic.embedded;

import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.TrafficRouterFactory;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.router.embedded.EmbeddedRouterType;
import dev.greenlight.api.spec.router.embedded.EmbeddedSpec;

/** Builds the {@link EmbeddedRouter} for {@code router.type: embedded}. */
public final class EmbeddedRouterFactory implements TrafficRouterFactory<EmbeddedSpec> {
  @Override
  public RouterType<EmbeddedSpec> type() {
    return new EmbeddedRouterType();
  }

  @Override
  public TrafficRouter create(EmbeddedSpec section, ReleaseContext ctx) {
    return new EmbeddedRouter(section, ctx.spec().router().url());
  }
}
