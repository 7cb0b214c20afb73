package dev.greenlight.api.spec;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The router types this build can drive: every {@link RouterType} registered in {@code
 * META-INF/services/dev.greenlight.api.spec.RouterType}. The validator accepts only these.
 *
 * <p>Workers and replayers touch {@link #SUPPORTED} before they run workflow code: reading a spec
 * from history needs the registry, and loading it (a class-path scan) inside a workflow thread
 * could trip Temporal's one-second deadlock detector on a loaded machine.
 */
public final class RouterTypes {

  /** Keys of the router section itself: a type named like one would make its section ambiguous. */
  private static final Set<String> ROUTER_KEYS =
      Set.of("type", "url", "steps", "stepHold", "verifyResponses", "verifyTimeout", "verify");

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Registered<RouterType<?>> REGISTERED =
      checked((Registered) Registered.load(RouterType.class, RouterType::name, "router type"));

  /** Every supported type, sorted. */
  public static final List<String> SUPPORTED = REGISTERED.names();

  private RouterTypes() {}

  /** The type named {@code name}, if this build has it. */
  public static Optional<RouterType<?>> find(String name) {
    return REGISTERED.find(name);
  }

  /** Every type, sorted by name. */
  public static List<RouterType<?>> all() {
    return REGISTERED.all();
  }

  private static Registered<RouterType<?>> checked(Registered<RouterType<?>> registered) {
    for (String name : registered.names()) {
      if (ROUTER_KEYS.contains(name)) {
        throw new IllegalStateException("router type '" + name + "' clashes with router." + name);
      }
    }
    return registered;
  }
}
