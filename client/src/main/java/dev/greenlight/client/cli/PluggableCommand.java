package dev.greenlight.client.cli;

/**
 * A picocli {@code @Command} that a module outside the CLI plugs into the {@code greenlight}
 * command line. The CLI finds it with {@link java.util.ServiceLoader}: the implementing class has a
 * public no-argument constructor and is listed in {@code
 * META-INF/services/dev.greenlight.client.cli.PluggableCommand}. {@code dev} and {@code demo} come
 * this way from the devstack module, so the CLI does not depend on the development stack and the
 * production jar works without it.
 */
public interface PluggableCommand {}
