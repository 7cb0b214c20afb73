package dev.greenlight.activities.traffic;

import dev.greenlight.activities.traffic.command.CommandRouter;
import dev.greenlight.workflows.activities.ReleaseContext;
import dev.greenlight.workflows.spec.RouterSpec;
import java.util.Map;

/** Chooses the {@link TrafficRouter} for a release by {@code router.type}: the one place to add a type. */
public final class TrafficRouters {
  private TrafficRouters() {}

  /** The router the spec names, ready to use. */
  public static TrafficRouter create(ReleaseContext ctx) throws RouterException {
    RouterSpec router = ctx.spec().router();
    return switch (router.type()) {
      case "command" -> new CommandRouter(router.command(), Map.of(
          "VERSION", ctx.version(), "APP", ctx.spec().app(), "RELEASE", ctx.releaseId()));
      // "haproxy", "nginx", "embedded": one case each, a class in traffic/<type>/
      default -> throw new RouterException(
          "router.type '" + router.type() + "' is not supported by this worker; upgrade the worker or use a supported type",
          false);
    };
  }
}
