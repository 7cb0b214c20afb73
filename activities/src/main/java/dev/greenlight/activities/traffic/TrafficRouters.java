package dev.greenlight.activities.traffic;

import dev.greenlight.activities.process.HookVariables;
import dev.greenlight.activities.process.SecretMask;
import dev.greenlight.activities.traffic.command.CommandRouter;
import dev.greenlight.activities.traffic.embedded.EmbeddedRouter;
import dev.greenlight.activities.traffic.haproxy.HaproxyRouter;
import dev.greenlight.activities.traffic.nginx.NginxRouter;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.RouterSpec;
import java.util.Map;

/**
 * Chooses the {@link TrafficRouter} for a release by {@code router.type}: the one place to add a
 * type.
 */
public final class TrafficRouters {
  private TrafficRouters() {}

  /** The router the spec names, ready to use. */
  public static TrafficRouter create(ReleaseContext ctx) throws RouterException {
    RouterSpec router = ctx.spec().router();
    HookVariables hookVars = HookVariables.of(ctx);
    return switch (router.type()) {
      case "command" ->
          new CommandRouter(router.command(), hookVars, SecretMask.namedBy(ctx.spec()));
      case "haproxy" -> new HaproxyRouter(router.haproxy());
      case "nginx" ->
          new NginxRouter(
              router.nginx(),
              Map.of(
                  Color.BLUE,
                  NginxRouter.hostPort(ctx.spec().blue().url()),
                  Color.GREEN,
                  NginxRouter.hostPort(ctx.spec().green().url())),
              hookVars,
              SecretMask.namedBy(ctx.spec()));
      case "embedded" -> new EmbeddedRouter(router.embedded(), router.url());
      default ->
          throw new RouterException(
              "router.type '"
                  + router.type()
                  + "' is not supported by this worker; upgrade the worker or use a supported type",
              false);
    };
  }
}
