package dev.greenlight.activities.database;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.greenlight.activities.LocalHttpServer;
import dev.greenlight.activities.TestSpecs;
import dev.greenlight.workflows.activities.MigrationActivities;
import dev.greenlight.workflows.activities.MigrationReport;
import dev.greenlight.workflows.activities.ReleaseContext;
import dev.greenlight.workflows.model.AppliedMigration;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway against a real PostgreSQL 17 that asks for a password (scram-sha-256) from every user
 * but the test's own superuser.
 */
class MigrationActivitiesImplTest {
  private static final String PASSWORD = "Zebra-Quartz-7781-distinctive";
  private static final String PASSWORD_ENV = "SHOP_DB_PASSWORD";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  @TempDir Path dir;
  private Path migrations;
  private String database;
  private TestActivityEnvironment env;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder()
        .setDataDirectoryCustomizer(data -> {
          try {
            Files.writeString(data.toPath().resolve("pg_hba.conf"), String.join("\n",
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256", ""));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .start();
    sql("postgres", "CREATE ROLE shop LOGIN PASSWORD '" + PASSWORD + "'");
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    database = "shop_" + DATABASES.incrementAndGet();
    sql("postgres", "CREATE DATABASE " + database + " OWNER shop");
    migrations = Files.createDirectories(dir.resolve("db/migration"));
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void appliesPendingMigrationsAndASecondRunAppliesNothing() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);");
    migration("V2__add_sku.sql", "ALTER TABLE products ADD COLUMN sku text;\nINSERT INTO products (name, sku) VALUES ('lamp', 'A-1');");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));

    MigrationReport first = migrate.migrate(context(databaseUrl()));
    MigrationReport second = migrate.migrate(context(databaseUrl()));

    assertThat(first.applied()).extracting(AppliedMigration::version, AppliedMigration::description, AppliedMigration::script)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", "create products", "V1__create_products.sql"),
            org.assertj.core.groups.Tuple.tuple("2", "add sku", "V2__add_sku.sql"));
    assertThat(first.applied()).allSatisfy(m -> assertThat(m.checksum()).isNotNull());
    assertThat(first.schemaVersion()).isEqualTo("2");
    assertThat(first.detail()).isEqualTo("applied V1 (create products), V2 (add sku); schema now at version 2");
    assertThat(second.applied()).isEmpty();
    assertThat(second.schemaVersion()).isEqualTo("2");
    assertThat(second.detail()).isEqualTo("schema already at version 2; nothing to apply");
    assertThat(count("SELECT count(*) FROM products")).isEqualTo(1);
    assertThat(first.toString() + second).doesNotContain(PASSWORD);
  }

  @Test
  void aMigrationFailingHalfwayIsRolledBackAndNamesTheScriptAndPostgresError() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));
    migrate.migrate(context(databaseUrl()));
    migration("V2__orders.sql", "CREATE TABLE orders (id serial PRIMARY KEY);\n"
        + "INSERT INTO products (name) VALUES ('chair');\n"
        + "INSERT INTO orders (product) VALUES (1);\n");

    ApplicationFailure f = applicationFailure(catchThrowable(() -> migrate.migrate(context(databaseUrl()))));

    assertThat(f.getType()).isEqualTo("MigrationFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .startsWith("migration V2__orders.sql failed at line 3 and was rolled back: PostgreSQL said ERROR: column \"product\" of relation \"orders\" does not exist [SQLSTATE 42703]")
        .contains("INSERT INTO orders (product) VALUES (1)")
        .contains("Fix the script in " + migrations)
        .doesNotContain(PASSWORD);
    assertThat(count("SELECT count(*) FROM pg_tables WHERE tablename = 'orders'")).as("orders was rolled back").isZero();
    assertThat(count("SELECT count(*) FROM products")).as("the insert was rolled back").isZero();
    assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE version = '2'")).isZero();
  }

  @Test
  void anAppliedMigrationEditedAfterwardsIsRefusedWithFlywaysAdvice() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY);");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));
    migrate.migrate(context(databaseUrl()));
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY, name text);");

    ApplicationFailure f = applicationFailure(catchThrowable(() -> migrate.migrate(context(databaseUrl()))));

    assertThat(f.getType()).isEqualTo("MigrationFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage()).contains("checksum mismatch for migration version 1").doesNotContain("\n");
  }

  @Test
  void createIndexConcurrentlyDoesNotHang() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL);\n"
        + "INSERT INTO products (name) SELECT 'p' || g FROM generate_series(1, 1000) g;");
    migration("V2__index_products_name.sql", "CREATE INDEX CONCURRENTLY products_name_idx ON products (name);");
    MigrationActivities migrate = activities(Map.of(PASSWORD_ENV, PASSWORD));

    MigrationReport report = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> migrate.migrate(context(databaseUrl())));

    assertThat(report.schemaVersion()).isEqualTo("2");
    assertThat(count("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        + "WHERE c.relname = 'products_name_idx' AND i.indisvalid")).isEqualTo(1);
  }

  @Test
  void aWrongPasswordSaysWhichEnvVarToCheckAndShowsNoPassword() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY);");
    String wrong = "Wrong-Walrus-5531-distinctive";

    ApplicationFailure f = applicationFailure(catchThrowable(
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

    ApplicationFailure f = applicationFailure(catchThrowable(() -> activities(Map.of()).migrate(context(databaseUrl()))));

    assertThat(f.getType()).isEqualTo("MigrationFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage()).contains("env var " + PASSWORD_ENV + ", which is not set in the worker's environment");
  }

  @Test
  void aDatabaseThatDoesNotAnswerIsRetryable() throws Exception {
    migration("V1__create_products.sql", "CREATE TABLE products (id serial PRIMARY KEY);");
    String nothing = "jdbc:postgresql://127.0.0.1:" + LocalHttpServer.freePort() + "/shop";

    ApplicationFailure f = applicationFailure(catchThrowable(
        () -> activities(Map.of(PASSWORD_ENV, PASSWORD)).migrate(context(nothing))));

    assertThat(f.getType()).isEqualTo("DatabaseUnreachable");
    assertThat(f.isNonRetryable()).isFalse();
    assertThat(f.getOriginalMessage()).contains("cannot reach the database at " + nothing + " as shop").doesNotContain(PASSWORD);
  }

  private MigrationActivities activities(Map<String, String> workerEnv) {
    env.registerActivitiesImplementations(new MigrationActivitiesImpl(workerEnv::get));
    return env.newActivityStub(MigrationActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private ReleaseContext context(String url) {
    return TestSpecs.in(dir).with("database",
        "{url: \"" + url + "\", user: shop, passwordEnv: " + PASSWORD_ENV + ", migrations: db/migration}").context();
  }

  private String databaseUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
  }

  private void migration(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql + "\n");
  }

  private long count(String query) throws Exception {
    try (Connection c = postgres.getDatabase("postgres", database).getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void sql(String db, String statement) throws Exception {
    try (Connection c = postgres.getDatabase("postgres", db).getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
