package dev.greenlight.activities.traffic;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.Registered;
import dev.greenlight.api.spec.RouterSection;
import dev.greenlight.api.spec.RouterSpec;
import java.util.List;

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

  /** The router the spec names, ready to use. */
  public static TrafficRouter create(ReleaseContext ctx) throws RouterException {
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
    return create(factory, router, ctx);
  }

  private static <S extends RouterSection> TrafficRouter create(
      TrafficRouterFactory<S> factory, RouterSpec router, ReleaseContext ctx)
      throws RouterException {
    return factory.create(router.section(factory.type().sectionClass()), ctx);
  }
}
