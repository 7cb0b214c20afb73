package dev.greenlight.activities.traffic.haproxy;

import dev.greenlight.activities.traffic.TrafficRouter;
import dev.greenlight.activities.traffic.TrafficRouterFactory;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.router.haproxy.HaproxyRouterType;
import dev.greenlight.api.spec.router.haproxy.HaproxySpec;

/** Builds the {@link HaproxyRouter} for {@code router.type: haproxy}. */
public final class HaproxyRouterFactory implements TrafficRouterFactory<HaproxySpec> {
  @Override
  public RouterType<HaproxySpec> type() {
    return new HaproxyRouterType();
  }

  @Override
  public TrafficRouter create(HaproxySpec section, ReleaseContext ctx) {
    return new HaproxyRouter(section);
  }
}
