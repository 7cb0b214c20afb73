package dev.greenlight.activities.database;

import static dev.greenlight.activities.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.testkit.SpecBuilder;
import dev.greenlight.testkit.TestPostgres;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration step as the workflow calls it, on a real PostgreSQL, while a long transaction of
 * the live color holds a lock on the table the migration alters. A reader on that table must never
 * wait much longer than {@code database.lockTimeout}: without the timeout it would queue behind the
 * migration for as long as the long transaction lasts.
 */
class LockSafeMigrationTest {
  private static final String PASSWORD = "Lock-Heron-4471-distinctive";
  private static final String PASSWORD_ENV = "SHOP_DB_PASSWORD";
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);

  /** Generous: a reader waits at most about one lockTimeout; scheduling gets a few seconds. */
  private static final Duration READER_BOUND = LOCK_TIMEOUT.plusSeconds(3);

  /** Longer than READER_BOUND, so a reader stuck behind the blocker would fail the test. */
  private static final Duration BLOCKER_HOLDS = Duration.ofSeconds(6);

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @TempDir Path dir;
  private Path migrations;
  private String database;
  private TestActivityEnvironment env;
  private MigrationActivities stub;

  @BeforeAll
  static void createRole() {
    postgres.createRole("shop", PASSWORD);
  }

  @BeforeEach
  void setUp() throws Exception {
    database = postgres.newDatabase("shop", "shop");
    migrations = Files.createDirectories(dir.resolve("db/migration"));
    env = TestActivityEnvironment.newInstance();
    Files.writeString(
        migrations.resolve("V1__orders.sql"),
        "CREATE TABLE orders (id bigint PRIMARY KEY, sku text);\n"
            + "INSERT INTO orders SELECT g, 'sku-' || g FROM generate_series(1, 1000) g;\n");
    activities().migrate(context(5));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void aLongReadDelaysLiveQueriesOnlyByLockTimeoutAndTheMigrationAppliesOnceItEnds()
      throws Exception {
    Files.writeString(
        migrations.resolve("V2__order_note.sql"), "ALTER TABLE orders ADD COLUMN note text;\n");
    MigrationActivities migrate = activities();
    ReleaseContext ctx = context(5);

    try (Connection blocker = longRead();
        Reader reader = Reader.start(this)) {
      CompletableFuture<MigrationReport> running =
          CompletableFuture.supplyAsync(() -> migrate.migrate(ctx));
      Thread.sleep(BLOCKER_HOLDS.toMillis());
      blocker.commit();
      MigrationReport report = running.get();

      assertThat(report.applied())
          .extracting(AppliedMigration::script)
          .containsExactly("V2__order_note.sql");
      assertThat(reader.reads()).as("the reader kept reading").isGreaterThan(5);
      assertThat(Duration.ofMillis(reader.longestMillis()))
          .as("the longest a reader waited")
          .isLessThan(READER_BOUND);
    }
    assertThat(count("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
        .isEqualTo(1);
  }

  @Test
  void whenTheTriesRunOutTheStepFailsNamingTheTableAndTheBlockerAndAppliesNothing()
      throws Exception {
    Files.writeString(
        migrations.resolve("V2__order_note.sql"), "ALTER TABLE orders ADD COLUMN note text;\n");
    MigrationActivities migrate = activities();
    ReleaseContext ctx = context(1);

    ApplicationFailure f;
    try (Connection blocker = longRead();
        Reader reader = Reader.start(this)) {
      f = applicationFailure(catchThrowable(() -> migrate.migrate(ctx)));
      assertThat(Duration.ofMillis(reader.longestMillis())).isLessThan(READER_BOUND);
    }

    assertThat(f.getType()).isEqualTo("MigrationFailed");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .startsWith("migration V2__order_note.sql could not lock table orders within 1s")
        .contains("in 2 tries")
        .contains("SELECT count(*) FROM orders /* monthly report */")
        .contains("idle in transaction")
        .contains("nothing of it was applied")
        .doesNotContain(PASSWORD);
    assertThat(count("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE version = '2'")).isZero();
  }

  @Test
  void aConcurrentIndexThatTimesOutLeavesNoFailedEntryAndItsInvalidIndexGoesBeforeTheNextTry()
      throws Exception {
    Files.writeString(
        migrations.resolve("V2__sku_index.sql"),
        "CREATE INDEX CONCURRENTLY orders_sku ON orders (sku);\n");
    MigrationActivities migrate = activities();
    ReleaseContext ctx = context(0);

    ApplicationFailure f;
    try (Connection blocker = longRead()) {
      f = applicationFailure(catchThrowable(() -> migrate.migrate(ctx)));
    }

    assertThat(f.getOriginalMessage())
        .startsWith("migration V2__sku_index.sql could not lock")
        .contains("SELECT count(*) FROM orders /* monthly report */")
        .contains("it ran outside a transaction; Flyway's failed entry was removed")
        .contains("the INVALID index public.orders_sku it left stays while that session runs");
    assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
    // once the long read is over, the step drops the leftover and builds the index
    MigrationReport retry = migrate.migrate(ctx);
    assertThat(retry.applied()).extracting(AppliedMigration::script).contains("V2__sku_index.sql");
    assertThat(
            count(
                "SELECT count(*) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid"
                    + " WHERE c.relname = 'orders_sku' AND x.indisvalid"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isZero();
  }

  /** A session of the live color's role, inside a transaction that read the orders table. */
  private Connection longRead() throws Exception {
    Connection c = DriverManager.getConnection(postgres.jdbcUrl(database), "shop", PASSWORD);
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT count(*) FROM orders /* monthly report */").close();
    }
    return c;
  }

  /** Reads the orders table over and over from its own session, timing each read. */
  private static final class Reader implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private CompletableFuture<Void> loop;

    static Reader start(LockSafeMigrationTest test) {
      Reader r = new Reader();
      r.loop =
          CompletableFuture.runAsync(
              () -> {
                try (Connection c = postgres.connect(test.database);
                    Statement s = c.createStatement()) {
                  while (!r.stop.get()) {
                    long t0 = System.nanoTime();
                    s.executeQuery("SELECT count(*) FROM orders").close();
                    r.longest.accumulateAndGet(
                        Duration.ofNanos(System.nanoTime() - t0).toMillis(), Math::max);
                    r.reads.incrementAndGet();
                    Thread.sleep(50);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      return r;
    }

    long longestMillis() {
      return longest.get();
    }

    long reads() {
      return reads.get();
    }

    @Override
    public void close() throws Exception {
      stop.set(true);
      loop.get();
    }
  }

  private MigrationActivities activities() {
    if (stub != null) return stub;
    env.registerActivitiesImplementations(
        new MigrationActivitiesImpl(Map.of(PASSWORD_ENV, PASSWORD)::get));
    stub =
        env.newActivityStub(
            MigrationActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    return stub;
  }

  /** The spec as an operator writes it, through the spec loader, with lockRetries set. */
  private ReleaseContext context(int lockRetries) {
    return SpecBuilder.in(dir)
        .with(
            "database",
            "{url: \""
                + postgres.jdbcUrl(database)
                + "\", user: shop, passwordEnv: "
                + PASSWORD_ENV
                + ", migrations: db/migration, lockTimeout: 1s, lockRetries: "
                + lockRetries
                + "}")
        .context();
  }

  private long count(String query) throws Exception {
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }
}
