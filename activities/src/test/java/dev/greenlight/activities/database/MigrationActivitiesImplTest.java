package dev.greenlight.activities.database;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.SpecBuilder;
import dev.greenlight.testkit.TestPostgres;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway against a real PostgreSQL 17 that asks for a password (scram-sha-256) from every user but
 * the test's own superuser.
 */
class MigrationActivitiesImplTest {
  private static final String PASSWORD = "Zebra-Quartz-7781-distinctive";
  private static final String PASSWORD_ENV = "SHOP_DB_PASSWORD";
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @TempDir Path dir;
  private Path migrations;
  private String database;
  private TestActivityEnvironment env;

  @BeforeAll
  static void createRole() {
    postgres.createRole("shop", PASSWORD);
  }

  @BeforeEach
  void setUp() throws Exception {
    database = postgres.newDatabase("shop", "shop");
    migrations = Files.createDirectories(dir.resolve("db/migration"));
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void appliesPendingMigrationsAndASecondRunAppliesNothing() throws Exception {
    migration(
        "V1__create_products.sql",
        "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);");
    migration(
        "V2__add_sku.sql",
        "ALTER TABLE products ADD COLUMN sku text;\n"
            + "INSERT INTO products (name, sku) VALUES ('lamp', 'A-1');");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));

    MigrationReport first = migrate.migrate(context(databaseUrl()));
    MigrationReport second = migrate.migrate(context(databaseUrl()));

    assertThat(first.applied())
        .extracting(
            AppliedMigration::version, AppliedMigration::description, AppliedMigration::script)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", "create products", "V1__create_products.sql"),
            org.assertj.core.groups.Tuple.tuple("2", "add sku", "V2__add_sku.sql"));
    assertThat(first.applied()).allSatisfy(m -> assertThat(m.checksum()).isNotNull());
    assertThat(first.schemaVersion()).isEqualTo("2");
    assertThat(first.detail())
        .isEqualTo("applied V1 (create products), V2 (add sku); schema now at version 2");
    assertThat(second.applied()).isEmpty();
    assertThat(second.schemaVersion()).isEqualTo("2");
    assertThat(second.detail()).isEqualTo("schema already at version 2; nothing to apply");
    assertThat(count("SELECT count(*) FROM products")).isEqualTo(1);
    assertThat(first.toString() + second).doesNotContain(PASSWORD);
  }

  @Test
  void aMigrationFailingHalfwayIsRolledBackAndNamesTheScriptAndPostgresError() throws Exception {
    migration(
        "V1__create_products.sql",
        "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));
    migrate.migrate(context(databaseUrl()));
    migration(
        "V2__orders.sql",
        "CREATE TABLE orders (id serial PRIMARY KEY);\n"
            + "INSERT INTO products (name) VALUES ('chair');\n"
            + "INSERT INTO orders (product) VALUES (1);\n");

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> migrate.migrate(context(databaseUrl()))));

    assertThat(f.getType()).isEqualTo("MigrationFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .startsWith(
            "migration V2__orders.sql failed at line 3 and was rolled back: PostgreSQL said ERROR:"
                + " column \"product\" of relation \"orders\" does not exist [SQLSTATE 42703]")
        .contains("INSERT INTO orders (product) VALUES (1)")
        .contains("Fix the script in " + migrations)
        .doesNotContain(PASSWORD);
    assertThat(count("SELECT count(*) FROM pg_tables WHERE tablename = 'orders'"))
        .as("orders was rolled back")
        .isZero();
    assertThat(count("SELECT count(*) FROM products")).as("the insert was rolled back").isZero();
    assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE version = '2'")).isZero();
  }

  @Test
  void anAppliedMigrationEditedAfterwardsIsRefusedWithFlywaysAdvice() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY);");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));
    migrate.migrate(context(databaseUrl()));
    migration(
        "V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY, name text);");

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> migrate.migrate(context(databaseUrl()))));

    assertThat(f.getType()).isEqualTo("MigrationFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("checksum mismatch for migration version 1")
        .doesNotContain("\n");
  }

  @Test
  void createIndexConcurrentlyDoesNotHang() throws Exception {
    migration(
        "V1__create_products.sql",
        "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);\n"
            + "INSERT INTO products (name) SELECT 'p' || g FROM generate_series(1, 1000) g;");
    migration(
        "V2__index_products_name.sql",
        "CREATE INDEX CONCURRENTLY products_name_idx ON products (name);");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));

    MigrationReport report =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> migrate.migrate(context(databaseUrl())));

    assertThat(report.schemaVersion()).isEqualTo("2");
    assertThat(
            count(
                "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    + "WHERE c.relname = 'products_name_idx' AND i.indisvalid"))
        .isEqualTo(1);
  }

  @Test
  void aWrongPasswordSaysWhichEnvVarToCheckAndShowsNoPassword() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY);");
    String wrong = "Wrong-Walrus-5531-distinctive";

    ApplicationFailure f =
        applicationFailure(
            catchThrowable(
                () -> activities(Map.of(PASSWORD_ENV, wrong)).migrate(context(databaseUrl()))));

    assertThat(f.getType()).isEqualTo("MigrationFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("the database refused the login for user 'shop' at " + databaseUrl())
        .contains("password authentication failed")
        .contains("check the password in the env var " + PASSWORD_ENV + " on the worker")
        .doesNotContain(wrong)
        .doesNotContain(PASSWORD);
    assertThat(f.toString()).doesNotContain(wrong);
  }

  @Test
  void aPasswordEnvMissingOnTheWorkerNamesTheVariable() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY);");

    ApplicationFailure f =
        applicationFailure(
            catchThrowable(() -> activities(Map.of()).migrate(context(databaseUrl()))));

    assertThat(f.getType()).isEqualTo("MigrationFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("env var " + PASSWORD_ENV + ", which is not set in the worker's environment");
  }

  @Test
  void aDatabaseThatDoesNotAnswerIsRetryable() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY);");
    String nothing = "jdbc:postgresql://127.0.0.1:" + FreePort.find() + "/shop";

    ApplicationFailure f =
        applicationFailure(
            catchThrowable(
                () -> activities(Map.of(PASSWORD_ENV, PASSWORD)).migrate(context(nothing))));

    assertThat(f.getType()).isEqualTo("DatabaseUnreachable");
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage())
        .contains("cannot reach the database at " + nothing + " as shop")
        .doesNotContain(PASSWORD);
  }

  @Test
  void migrationsAppliedBeforeAFailingOneTravelInTheFailure() throws Exception {
    migration(
        "V1__create_products.sql",
        "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));
    migrate.migrate(context(databaseUrl()));
    migration("V2__add_sku.sql", "ALTER TABLE products ADD COLUMN sku text;");
    migration("V3__orders.sql", "INSERT INTO orders (product) VALUES (1);");

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> migrate.migrate(context(databaseUrl()))));

    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .startsWith("migration V3__orders.sql failed")
        .contains("Fix the script in " + migrations);
    MigrationReport applied = f.getDetails().get(0, MigrationReport.class);
    assertThat(applied.applied())
        .extracting(AppliedMigration::script)
        .containsExactly("V2__add_sku.sql");
    assertThat(applied.schemaVersion()).isEqualTo("2");
    assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE version = '2' AND success"))
        .isEqualTo(1);
  }

  @Test
  void aConnectionTerminatedMidMigrationIsRetriedAndTheRetryAppliesIt() throws Exception {
    migration(
        "V1__create_products.sql",
        "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);\n"
            + "CREATE SEQUENCE v3_runs;");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));
    migrate.migrate(context(databaseUrl()));
    migration("V2__add_sku.sql", "ALTER TABLE products ADD COLUMN sku text;");
    // its first run loses the connection as in a PostgreSQL restart (FATAL 57P01 admin_shutdown);
    // later runs pass
    migration(
        "V3__add_price.sql",
        "ALTER TABLE products ADD COLUMN price numeric;\n"
            + "SELECT CASE WHEN nextval('v3_runs') = 1 THEN pg_terminate_backend(pg_backend_pid())"
            + " END;");
    AtomicReference<Integer> heartbeat = new AtomicReference<>();
    env.setActivityHeartbeatListener(Integer.class, heartbeat::set);

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> migrate.migrate(context(databaseUrl()))));

    assertThat(f.isNonRetryable()).as("retryable: " + f.getOriginalMessage()).isFalse();
    assertThat(f.getType()).isEqualTo("DatabaseUnavailable");
    assertThat(f.getOriginalMessage())
        .contains("V3__add_price.sql")
        .contains("57P01")
        .contains("rolled back")
        .doesNotContain("Fix the script")
        .doesNotContain(PASSWORD);
    assertThat(f.getDetails().get(0, MigrationReport.class).applied())
        .extracting(AppliedMigration::script)
        .containsExactly("V2__add_sku.sql");
    assertThat(count("SELECT count(*) FROM information_schema.columns WHERE column_name = 'price'"))
        .isZero();

    env.setHeartbeatDetails(heartbeat.get()); // what Temporal hands the next attempt
    MigrationReport retry = migrate.migrate(context(databaseUrl()));

    assertThat(retry.applied())
        .extracting(AppliedMigration::script)
        .as("this release applied both")
        .containsExactly("V2__add_sku.sql", "V3__add_price.sql");
    assertThat(retry.schemaVersion()).isEqualTo("3");
    assertThat(count("SELECT count(*) FROM information_schema.columns WHERE column_name = 'price'"))
        .isEqualTo(1);
  }

  @Test
  void aConnectionLostInAMigrationOutsideATransactionIsNotRetried() throws Exception {
    migration(
        "V1__create_products.sql",
        "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);");
    // CREATE INDEX CONCURRENTLY runs outside a transaction: what ran before the cut stays
    migration(
        "V2__index_products_name.sql",
        "CREATE INDEX CONCURRENTLY products_name_idx ON products (name);\n"
            + "SELECT pg_terminate_backend(pg_backend_pid());\n"
            // the linter refuses such a mixed file; this one is mixed on purpose
            + "-- greenlight:allow-locking the test cuts the connection after the index");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));

    ApplicationFailure f =
        applicationFailure(catchThrowable(() -> migrate.migrate(context(databaseUrl()))));

    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getType()).isEqualTo("MigrationFailed");
    assertThat(f.getOriginalMessage())
        .startsWith("migration V2__index_products_name.sql failed outside a transaction")
        .contains("undo them by hand")
        .contains("The database failed, not the script")
        .doesNotContain("Fix the script");
    assertThat(f.getDetails().get(0, MigrationReport.class).applied())
        .extracting(AppliedMigration::script)
        .containsExactly("V1__create_products.sql");
  }

  @Test
  void aPostgresRestartMidMigrationIsRetriedAndTheRetryAppliesIt() throws Exception {
    Path data = dir.resolve("pgdata");
    int port = FreePort.find();
    EmbeddedPostgres restarting = startPostgres(data, port);
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/shop";
    try {
      execute(restarting, "postgres", "CREATE ROLE shop LOGIN PASSWORD '" + PASSWORD + "'");
      execute(restarting, "postgres", "CREATE DATABASE shop OWNER shop");
      migration(
          "V1__create_products.sql",
          "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);\n"
              + "CREATE SEQUENCE v2_runs;");
      // long enough for the test to stop the server under it on the first run; instant afterwards
      migration(
          "V2__slow_backfill.sql",
          "ALTER TABLE products ADD COLUMN sku text;\n"
              + "SELECT pg_sleep(CASE WHEN nextval('v2_runs') = 1 THEN 120 ELSE 0 END);");
      MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));
      AtomicReference<Integer> heartbeat = new AtomicReference<>();
      env.setActivityHeartbeatListener(Integer.class, heartbeat::set);

      CompletableFuture<MigrationReport> first =
          CompletableFuture.supplyAsync(() -> migrate.migrate(context(url)));
      awaitQuery(restarting, "pg_sleep");
      restarting.close(); // pg_ctl stop -m fast: the migration's backend gets FATAL 57P01
      ApplicationFailure f = applicationFailure(catchThrowable(first::join));

      assertThat(f.isNonRetryable()).as("retryable: " + f.getOriginalMessage()).isFalse();
      assertThat(f.getOriginalMessage())
          .contains("V2__slow_backfill.sql")
          .doesNotContain("Fix the script");
      assertThat(f.getDetails().get(0, MigrationReport.class).applied())
          .extracting(AppliedMigration::script)
          .containsExactly("V1__create_products.sql");

      restarting = startPostgres(data, port);
      env.setHeartbeatDetails(heartbeat.get());
      MigrationReport retry = migrate.migrate(context(url));

      assertThat(retry.applied())
          .extracting(AppliedMigration::script)
          .containsExactly("V1__create_products.sql", "V2__slow_backfill.sql");
      assertThat(retry.schemaVersion()).isEqualTo("2");
    } finally {
      restarting.close();
    }
  }

  private MigrationActivities activities(Map<String, String> workerEnv) {
    env.registerActivitiesImplementations(new MigrationActivitiesImpl(workerEnv::get));
    return env.newActivityStub(
        MigrationActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private ReleaseContext context(String url) {
    return SpecBuilder.in(dir)
        .with(
            "database",
            "{url: \""
                + url
                + "\", user: shop, passwordEnv: "
                + PASSWORD_ENV
                + ", migrations: db/migration}")
        .context();
  }

  private String databaseUrl() {
    return postgres.jdbcUrl(database);
  }

  private void migration(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql + "\n");
  }

  private long count(String query) throws Exception {
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setDataDirectoryCustomizer(
            dir -> {
              try {
                Files.writeString(
                    dir.toPath().resolve("pg_hba.conf"),
                    String.join(
                        "\n",
                        "local all all trust",
                        "host all postgres 127.0.0.1/32 trust",
                        "host all all 127.0.0.1/32 scram-sha-256",
                        ""));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .start();
  }

  /** Waits until a backend runs a query containing {@code text}. */
  private static void awaitQuery(EmbeddedPostgres pg, String text) throws Exception {
    String probe =
        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%"
            + text
            + "%' AND pid <> pg_backend_pid()";
    try (Connection c = pg.getDatabase("postgres", "postgres").getConnection();
        Statement s = c.createStatement()) {
      for (int i = 0; i < 1200; i++) {
        try (ResultSet r = s.executeQuery(probe)) {
          r.next();
          if (r.getLong(1) > 0) return;
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("no backend ever ran " + text);
  }

  private static void execute(EmbeddedPostgres pg, String db, String statement) throws Exception {
    try (Connection c = pg.getDatabase("postgres", db).getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
