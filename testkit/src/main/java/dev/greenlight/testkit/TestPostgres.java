package dev.greenlight.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL 17 (embedded, zonky) on loopback for tests. Every role but the superuser {@code
 * postgres} logs in with its password (scram-sha-256), as in production; the superuser is trusted
 * and is what {@link #sql} and {@link #connect} use.
 *
 * <pre>{@code
 * // up for the class's tests
 * @RegisterExtension static final TestPostgres postgres = new TestPostgres();
 * ...
 * postgres.createRole("shop", PASSWORD);
 * String db = postgres.newDatabase("shop", "shop");
 * String url = postgres.jdbcUrl(db);
 * }</pre>
 *
 * A fixture that is not a JUnit test class calls {@link #start()} and {@link #close()} itself.
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private EmbeddedPostgres postgres;

  /** Starts it (once). */
  public TestPostgres start() throws IOException {
    if (postgres != null) return this;
    postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setPGStartupWait(Duration.ofSeconds(60))
            .setDataDirectoryCustomizer(
                data -> {
                  try {
                    Files.writeString(
                        data.toPath().resolve("pg_hba.conf"),
                        String.join(
                            "\n",
                            "# written by dev.greenlight.testkit.TestPostgres",
                            "local all all trust",
                            "host all postgres 127.0.0.1/32 trust",
                            "host all postgres ::1/128 trust",
                            "host all all 127.0.0.1/32 scram-sha-256",
                            "host all all ::1/128 scram-sha-256",
                            ""));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .start();
    return this;
  }

  public int port() {
    return postgres.getPort();
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** A connection to {@code database} as the superuser. */
  public Connection connect(String database) throws SQLException {
    return postgres.getDatabase("postgres", database).getConnection();
  }

  /** Runs statements in {@code database} as the superuser. */
  public void sql(String database, String... statements) {
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      for (String statement : statements) s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("test database: " + e.getMessage(), e);
    }
  }

  /** A login role that must give {@code password}. */
  public void createRole(String role, String password) {
    sql("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
  }

  /**
   * A new, empty database named {@code prefix_N} (unique in this JVM), owned by {@code owner}
   * (null: the superuser).
   */
  public String newDatabase(String prefix, String owner) {
    String name = prefix + "_" + DATABASES.incrementAndGet();
    sql("postgres", "CREATE DATABASE " + name + (owner == null ? "" : " OWNER " + owner));
    return name;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
  }

  @Override
  public void close() throws IOException {
    if (postgres != null) postgres.close();
    postgres = null;
  }
}
