package dev.greenlight.activities.traffic;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.RouterSection;
import dev.greenlight.api.spec.RouterType;
import java.util.function.UnaryOperator;

/**
 * Builds the {@link TrafficRouter} of one router type. Each lives beside its router ({@code
 * traffic/<type>/}) and is registered in {@code
 * META-INF/services/dev.greenlight.activities.traffic.TrafficRouterFactory}; {@link TrafficRouters}
 * picks one by {@code router.type}.
 *
 * @param <S> the type's section record
 */
public interface TrafficRouterFactory<S extends RouterSection> {

  /** The router type it builds: its name and its section, as the spec loader knows them. */
  RouterType<S> type();

  /**
   * The router for a release.
   *
   * @param section the spec's {@code router.<type>}, or null when that type's section is optional
   *     and was not given
   */
  TrafficRouter create(S section, ReleaseContext ctx) throws RouterException;

  /**
   * The router for a release, reading secrets through {@code environment} (the worker's, or the
   * local stack's); by default the environment is not needed.
   */
  default TrafficRouter create(S section, ReleaseContext ctx, UnaryOperator<String> environment)
      throws RouterException {
    return create(section, ctx);
  }
}
