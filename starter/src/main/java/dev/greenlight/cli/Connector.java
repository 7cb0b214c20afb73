package dev.greenlight.cli;

import dev.greenlight.client.TemporalConnection;

/**
 * Opens the connection the commands use. Normally {@link TemporalConnection#connect}; a test or an
 * embedded stack passes one that lends its own client ({@link TemporalConnection#using}).
 */
@FunctionalInterface
public interface Connector {
  TemporalConnection open(String address, String namespace, String taskQueue);
}
