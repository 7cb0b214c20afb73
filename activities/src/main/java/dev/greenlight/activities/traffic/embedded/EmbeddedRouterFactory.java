package dev.greenlight.activities.traffic.embedded;

import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.TrafficRouterFactory;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.router.embedded.EmbeddedRouterType;
import dev.greenlight.api.spec.router.embedded.EmbeddedSpec;
import java.util.function.UnaryOperator;

/** Builds the {@link EmbeddedRouter} for {@code router.type: embedded}. */
public final class EmbeddedRouterFactory implements TrafficRouterFactory<EmbeddedSpec> {
  @Override
  public RouterType<EmbeddedSpec> type() {
    return new EmbeddedRouterType();
  }

  @Override
  public TrafficRouter create(EmbeddedSpec section, ReleaseContext ctx) throws RouterException {
    return create(section, ctx, System::getenv);
  }

  @Override
  public TrafficRouter create(
      EmbeddedSpec section, ReleaseContext ctx, UnaryOperator<String> environment)
      throws RouterException {
    return new EmbeddedRouter(section, ctx.spec().router().url(), environment);
  }
}
