package dev.greenlight.devstack;

import picocli.CommandLine.Option;

/**
 * The demo shop's database, for {@code dev} and {@code demo}: embedded unless {@code
 * --database-url} is given.
 */
public final class ShopDatabaseOptions {
  @Option(
      names = "--database-url",
      paramLabel = "JDBC_URL",
      description = "Use this PostgreSQL instead of an embedded one.")
  String databaseUrl;

  @Option(
      names = "--database-user",
      paramLabel = "USER",
      defaultValue = "shop",
      description = "Its user (default ${DEFAULT-VALUE}).")
  String databaseUser;

  @Option(
      names = "--database-password-env",
      paramLabel = "ENV",
      defaultValue = "DEMO_DB_PASSWORD",
      description = "Env var holding its password (default ${DEFAULT-VALUE}).")
  String databasePasswordEnv;

  /** Applies these options to a local stack being built. */
  LocalStack.Builder applyTo(LocalStack.Builder builder) {
    builder.databaseUser(databaseUser).databasePasswordEnv(databasePasswordEnv);
    if (databaseUrl != null) builder.databaseUrl(databaseUrl);
    return builder;
  }
}
