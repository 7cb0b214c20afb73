package dev.greenlight.client.cli;

import dev.greenlight.client.ConnectionSettings;
import dev.greenlight.client.TemporalConnection;
import java.time.Duration;

/**
 * Opens the connection the commands use. Normally {@link TemporalConnection#connect}; a test or an
 * embedded stack passes one that lends its own client ({@link TemporalConnection#using}). The root
 * command of the {@code greenlight} command line is one: {@link ConnectionOptions#open()} asks it.
 */
@FunctionalInterface
public interface Connector {
  /** Connects to the real Temporal with every setting (TLS, API key, identity). */
  Connector DIRECT =
      new Connector() {
        @Override
        public TemporalConnection open(String address, String namespace, String taskQueue) {
          return TemporalConnection.connect(address, namespace, taskQueue);
        }

        @Override
        public TemporalConnection open(ConnectionSettings settings) {
          return TemporalConnection.connect(settings);
        }

        @Override
        public TemporalConnection open(ConnectionSettings settings, Duration patience) {
          return TemporalConnection.connect(settings, patience);
        }
      };

  TemporalConnection open(String address, String namespace, String taskQueue);

  /** Opens with the whole settings; a connector that only lends a client needs just the names. */
  default TemporalConnection open(ConnectionSettings settings) {
    return open(settings.address(), settings.namespace(), settings.taskQueue());
  }

  /**
   * Opens with the whole settings, waiting up to {@code patience} for a slow server; a connector
   * that only lends a client ignores it.
   */
  default TemporalConnection open(ConnectionSettings settings, Duration patience) {
    return open(settings);
  }
}
