package dev.greenlight.activities.traffic.embedded;

import java.io.IOException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weights a running proxy uses, and the one place they change: stored in the state file first,
 * then handed to the proxy client, so a change that cannot be stored changes nothing.
 */
final class LiveWeights {
  private static final Logger log = LoggerFactory.getLogger(LiveWeights.class);

  private final WeightedColorProxyClient client;
  private final WeightsFile stateFile;
  private final String name;

  /**
   * @param stateFile where changes are stored, or null to keep them in memory only
   * @param name how log lines name the proxy
   */
  LiveWeights(WeightedColorProxyClient client, WeightsFile stateFile, String name) {
    this.client = client;
    this.stateFile = stateFile;
    this.name = name;
  }

  Weights current() {
    return client.weights();
  }

  /** The state file, or null. */
  WeightsFile stateFile() {
    return stateFile;
  }

  /**
   * Computes the next weights from the current ones and applies them; the next request uses them.
   *
   * @throws IllegalArgumentException when {@code change} refuses (invalid weights)
   * @throws IOException when the state file cannot be written (nothing changed)
   */
  synchronized Weights update(UnaryOperator<Weights> change) throws IOException {
    Weights before = current();
    Weights next = change.apply(before);
    if (stateFile != null) stateFile.write(next);
    client.setWeights(next);
    if (!before.equals(next))
      log.info("embedded proxy on {}: {} (was {})", name, next.describe(), before.describe());
    return next;
  }
}
