package dev.greenlight.devstack;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Ports of the local stack, for {@code dev} and {@code demo}, so it can run beside whatever already
 * uses 7233 or 8080-8082. A port given here must be free: the stack says which one is taken rather
 * than pick another.
 */
public final class LocalPortOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--temporal-port",
      paramLabel = "PORT",
      description =
          "Temporal on 127.0.0.1:PORT: the one answering there, else the embedded test server"
              + " (default: the port of --temporal, 7233).")
  Integer temporalPort;

  @Option(
      names = "--shop-port",
      paramLabel = "PORT",
      description =
          "The demo shop's public port (the embedded router); blue gets PORT+1, green PORT+2"
              + " (default 8080, 8081, 8082, or free ones when those are taken).")
  Integer shopPort;

  @Option(
      names = "--postgres-port",
      paramLabel = "PORT",
      description = "The embedded PostgreSQL's port (default: a free one).")
  Integer postgresPort;

  /** The Temporal address to use: {@code given} (from --temporal), or 127.0.0.1:--temporal-port. */
  String temporalAddress(String given) {
    if (temporalPort == null) return given;
    check("--temporal-port", temporalPort, 1);
    return "127.0.0.1:" + temporalPort;
  }

  /**
   * Applies the shop and PostgreSQL ports to a local stack being built.
   *
   * @param externalDatabase true when --database-url names a PostgreSQL (no embedded one to place)
   */
  LocalStack.Builder applyTo(LocalStack.Builder builder, boolean externalDatabase) {
    if (shopPort != null) {
      check("--shop-port", shopPort, 3);
      builder.ports(shopPort, shopPort + 1, shopPort + 2);
    }
    if (postgresPort != null) {
      if (externalDatabase) {
        throw usage(
            "--postgres-port places the embedded PostgreSQL; with --database-url there is none");
      }
      check("--postgres-port", postgresPort, 1);
      builder.postgresPort(postgresPort);
    }
    return builder;
  }

  /** {@code port} and the {@code count - 1} after it must be valid TCP ports. */
  private void check(String option, int port, int count) {
    if (port < 1 || port + count - 1 > 65535) {
      throw usage(
          option
              + ": "
              + port
              + " is not a port"
              + (count > 1 ? " (it and the " + (count - 1) + " after it must be 1-65535)" : ""));
    }
  }

  private RuntimeException usage(String message) {
    return spec == null
        ? new IllegalArgumentException(message)
        : new ParameterException(spec.commandLine(), message);
  }
}
