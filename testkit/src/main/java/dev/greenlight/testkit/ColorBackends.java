package dev.greenlight.testkit;

import dev.greenlight.api.model.Color;
import java.util.EnumMap;
import java.util.Map;

/**
 * A blue and a green {@link ColorBackend} on loopback, each answering every path with its color's
 * name: what a router under test sends traffic to.
 */
public final class ColorBackends implements AutoCloseable {
  private final Map<Color, ColorBackend> backends = new EnumMap<>(Color.class);

  private ColorBackends() {}

  /** Starts both backends on free ports. */
  public static ColorBackends start() {
    ColorBackends both = new ColorBackends();
    try {
      for (Color c : Color.values()) both.backends.put(c, ColorBackend.start(c));
    } catch (RuntimeException e) {
      both.close();
      throw e;
    }
    return both;
  }

  /** From now on both name their color in an {@code X-Color} header too. */
  public ColorBackends withColorHeader() {
    backends.values().forEach(ColorBackend::withColorHeader);
    return this;
  }

  public ColorBackend backend(Color c) {
    return backends.get(c);
  }

  /** From now on {@code color} answers every request with 500. */
  public void fail(Color color) {
    backend(color).fail();
  }

  /** {@code color} answers 200 again. */
  public void heal(Color color) {
    backend(color).heal();
  }

  public int port(Color c) {
    return backend(c).port();
  }

  /** "127.0.0.1:port", as a load balancer's server line wants it. */
  public String hostPort(Color c) {
    return backend(c).hostPort();
  }

  public String url(Color c) {
    return backend(c).url();
  }

  /** Both colors' host:port. */
  public Map<Color, String> hostPorts() {
    Map<Color, String> m = new EnumMap<>(Color.class);
    for (Color c : Color.values()) m.put(c, hostPort(c));
    return m;
  }

  @Override
  public void close() {
    backends.values().forEach(ColorBackend::close);
  }
}
