package dev.greenlight.client.cli;

import dev.greenlight.client.ConnectionSettings;
import dev.greenlight.client.TemporalConnection;

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
      };

  TemporalConnection open(String address, String namespace, String taskQueue);

  /** Opens with the whole settings; a connector that only lends a client needs just the names. */
  default TemporalConnection open(ConnectionSettings settings) {
    return open(settings.address(), settings.namespace(), settings.taskQueue());
  }
}
