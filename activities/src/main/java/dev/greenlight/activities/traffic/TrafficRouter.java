package dev.greenlight.activities.traffic;

import dev.greenlight.api.model.Color;

/**
 * One load balancer type. Implementations live in one package each ({@code traffic/command}, {@code
 * traffic/haproxy}, ...) and are chosen in {@link TrafficRouters}; adding one never touches the
 * workflow.
 */
public interface TrafficRouter {

  /** The color carrying the larger share of traffic now, read from the router itself. */
  Color liveColor() throws RouterException;

  /**
   * Puts {@code percent}% of traffic on {@code color} and the rest on the other color. When that is
   * already the case it changes nothing (a re-run after a worker crash must not flap traffic).
   *
   * @return one line for status: what changed, or "already ..."
   */
  String route(Color color, int percent) throws RouterException;
}
