package dev.greenlight.activities.traffic;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.Registered;
import dev.greenlight.api.spec.RouterSection;
import dev.greenlight.api.spec.RouterSpec;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Chooses the {@link TrafficRouter} for a release by {@code router.type}, among the {@link
 * TrafficRouterFactory factories} registered in {@code META-INF/services}: adding a type is its
 * folder plus one line there, never a change here or in the workflow.
 */
public final class TrafficRouters {
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Registered<TrafficRouterFactory<?>> REGISTERED =
      (Registered) Registered.load(TrafficRouterFactory.class, f -> f.type().name(), "router");

  private TrafficRouters() {}

  /** The router types this worker can drive, sorted. */
  public static List<String> supported() {
    return REGISTERED.names();
  }

  /** The router the spec names, ready to use, reading secrets from the process environment. */
  public static TrafficRouter create(ReleaseContext ctx) throws RouterException {
    return create(ctx, System::getenv);
  }

  /** The router the spec names, reading secrets (e.g. an admin token) through {@code env}. */
  public static TrafficRouter create(ReleaseContext ctx, UnaryOperator<String> env)
      throws RouterException {
    RouterSpec router = ctx.spec().router();
    TrafficRouterFactory<?> factory =
        REGISTERED
            .find(router.type())
            .orElseThrow(
                () ->
                    new RouterException(
                        "router.type '"
                            + router.type()
                            + "' is not supported by this worker (it drives: "
                            + String.join(", ", supported())
                            + "); upgrade the worker or use a supported type",
                        false));
    return create(factory, router, ctx, env);
  }

  private static <S extends RouterSection> TrafficRouter create(
      TrafficRouterFactory<S> factory,
      RouterSpec router,
      ReleaseContext ctx,
      UnaryOperator<String> env)
      throws RouterException {
    return factory.create(router.section(factory.type().sectionClass()), ctx, env);
  }
}
