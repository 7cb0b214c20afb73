package dev.greenlight.client.cli;

import dev.greenlight.client.TemporalConnection;

/**
 * Opens the connection the commands use. Normally {@link TemporalConnection#connect}; a test or an
 * embedded stack passes one that lends its own client ({@link TemporalConnection#using}). The root
 * command of the {@code greenlight} command line is one: {@link ConnectionOptions#open()} asks it.
 */
@FunctionalInterface
public interface Connector {
  TemporalConnection open(String address, String namespace, String taskQueue);
}
