package dev.greenlight.api.spec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The implementations of a pluggable backend (router types, metric sources), each under the name it
 * gives itself, sorted by name. They are registered in {@code META-INF/services}, as Flyway's
 * plugins are: adding one is its folder plus one line there, and a jar on the class path can add
 * one without touching Greenlight.
 *
 * @param <T> the service interface
 */
public final class Registered<T> {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  private final String what;
  private final Map<String, T> byName;

  private Registered(String what, Map<String, T> byName) {
    this.what = what;
    this.byName = byName;
  }

  /**
   * Every implementation of {@code service} registered in {@code META-INF/services}.
   *
   * @param name the name each one answers to (what the spec writes)
   * @param what what they are, for messages ("router type")
   * @throws IllegalStateException when two share a name or a name is not lower-case letters, digits
   *     and dashes: a broken build, not a user mistake
   */
  public static <T> Registered<T> load(Class<T> service, Function<T, String> name, String what) {
    return of(
        ServiceLoader.load(service, service.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get)
            .toList(),
        name,
        what);
  }

  /** The given implementations, checked as {@link #load} checks them. */
  public static <T> Registered<T> of(
      Collection<? extends T> implementations, Function<T, String> name, String what) {
    Map<String, T> byName = new TreeMap<>();
    for (T t : implementations) {
      String n = name.apply(t);
      if (n == null || !NAME.matcher(n).matches()) {
        throw new IllegalStateException(
            t.getClass().getName() + ": " + what + " name '" + n + "' is not [a-z][a-z0-9-]*");
      }
      T before = byName.put(n, t);
      if (before != null) {
        throw new IllegalStateException(
            what
                + " '"
                + n
                + "' is registered twice: "
                + before.getClass().getName()
                + " and "
                + t.getClass().getName());
      }
    }
    return new Registered<>(what, Map.copyOf(byName));
  }

  /** The one named {@code name}, if registered. */
  public Optional<T> find(String name) {
    return Optional.ofNullable(name == null ? null : byName.get(name));
  }

  /** Every registered name, sorted. */
  public List<String> names() {
    return byName.keySet().stream().sorted().toList();
  }

  /** Every registered implementation, sorted by name. */
  public List<T> all() {
    return names().stream().map(byName::get).toList();
  }

  /** What they are, for messages ("router type"). */
  public String what() {
    return what;
  }
}
