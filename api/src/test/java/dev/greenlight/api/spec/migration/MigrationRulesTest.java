package dev.greenlight.api.spec.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule with a migration that breaks it and a safe one that does the same job. Existing tables
 * come from V1 ({@code orders}, {@code products}); each test's files follow it.
 */
class MigrationRulesTest {
  private static final String BASE =
      "CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL);\n"
          + "CREATE TABLE orders (id bigint PRIMARY KEY, product_id bigint, sku text,"
          + " qty int NOT NULL DEFAULT 1, note text);\n";

  @TempDir Path dir;

  /** {@code file:line rule} for each finding, after V1 has created the tables. */
  private List<String> lint(String... nameThenSql) {
    try (var old = Files.list(dir)) {
      for (Path f : old.toList()) {
        if (!f.getFileName().toString().endsWith(".conf")) Files.delete(f);
      }
      Files.writeString(dir.resolve("V1__base.sql"), BASE);
      for (int i = 0; i < nameThenSql.length; i += 2) {
        Files.writeString(dir.resolve(nameThenSql[i]), nameThenSql[i + 1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return MigrationFolder.check(dir).stream()
        .map(f -> f.position() + " " + (f.rule() == null ? "file" : f.rule().id()))
        .toList();
  }

  private List<String> one(String sql) {
    return lint("V2__change.sql", sql);
  }

  private List<Finding> findings(String sql) {
    lint("V2__change.sql", sql);
    return MigrationFolder.check(dir);
  }

  // ---- breaking

  @Test
  void dropTable() {
    assertThat(one("DROP TABLE IF EXISTS public.orders;"))
        .containsExactly("V2__change.sql:1 drop-table");
    assertThat(one("CREATE TABLE scratch (id int);\nDROP TABLE scratch;")).isEmpty();
  }

  @Test
  void dropObject() {
    assertThat(one("DROP VIEW order_totals;")).containsExactly("V2__change.sql:1 drop-object");
    assertThat(one("CREATE VIEW v AS SELECT 1;\nDROP VIEW v;")).isEmpty();
  }

  @Test
  void dropColumnWithQuotedAndQualifiedNames() {
    assertThat(one("ALTER TABLE \"public\".\"orders\" DROP COLUMN \"note\";"))
        .containsExactly("V2__change.sql:1 drop-column");
    assertThat(one("ALTER TABLE orders DROP CONSTRAINT orders_note_check;")).isEmpty();
  }

  @Test
  void renameColumnQuoted() {
    assertThat(one("ALTER TABLE orders\n  RENAME COLUMN \"sku\" TO \"product_sku\";"))
        .containsExactly("V2__change.sql:2 rename-column");
    assertThat(one("ALTER TABLE orders RENAME CONSTRAINT a TO b;")).isEmpty();
  }

  @Test
  void renameTable() {
    assertThat(one("ALTER TABLE orders RENAME TO purchases;"))
        .containsExactly("V2__change.sql:1 rename-table");
    assertThat(one("ALTER TABLE public.orders SET SCHEMA archive;"))
        .containsExactly("V2__change.sql:1 rename-table");
    assertThat(one("CREATE TABLE tmp (id int);\nALTER TABLE tmp RENAME TO purchases;")).isEmpty();
  }

  @Test
  void changeColumnTypeIsBreakingAndRewrites() {
    assertThat(one("ALTER TABLE orders ALTER COLUMN \"qty\" SET DATA TYPE bigint;"))
        .containsExactly("V2__change.sql:1 change-column-type", "V2__change.sql:1 table-rewrite");
    assertThat(one("ALTER TABLE orders ADD COLUMN qty_big bigint;")).isEmpty();
  }

  @Test
  void addColumnNotNullWithoutDefault() {
    assertThat(one("ALTER TABLE orders ADD COLUMN owner text NOT NULL;"))
        .containsExactly("V2__change.sql:1 add-column-not-null");
    assertThat(one("ALTER TABLE orders ADD owner text DEFAULT NULL NOT NULL;"))
        .containsExactly("V2__change.sql:1 add-column-not-null");
    assertThat(one("ALTER TABLE orders ADD COLUMN \"Owner\" text CHECK (\"Owner\" IS NOT NULL);"))
        .containsExactly("V2__change.sql:1 add-column-not-null");
    // the safe form: a constant default, no rewrite on PostgreSQL 11+
    assertThat(one("ALTER TABLE orders ADD COLUMN x int DEFAULT 0 NOT NULL;")).isEmpty();
    assertThat(one("ALTER TABLE orders ADD COLUMN s text NOT NULL DEFAULT 'n/a'::text;")).isEmpty();
    assertThat(one("ALTER TABLE orders ADD COLUMN at timestamptz NOT NULL DEFAULT now();"))
        .isEmpty();
  }

  @Test
  void setNotNullDirectlyIsBreakingAndScans() {
    assertThat(one("ALTER TABLE ONLY \"orders\" ALTER COLUMN \"sku\" SET NOT NULL;"))
        .containsExactly("V2__change.sql:1 set-not-null", "V2__change.sql:1 set-not-null-scan");
    assertThat(one("ALTER TABLE orders ALTER sku SET NOT NULL;"))
        .containsExactly("V2__change.sql:1 set-not-null", "V2__change.sql:1 set-not-null-scan");
    assertThat(one("ALTER DOMAIN code SET NOT NULL;"))
        .containsExactly("V2__change.sql:1 set-not-null");
  }

  @Test
  void theStagedNotNullPatternPassesInSeparateTransactions() {
    assertThat(
            lint(
                "V2__check.sql",
                "ALTER TABLE orders ADD CONSTRAINT sku_not_null CHECK (\"sku\" IS NOT NULL)"
                    + " NOT VALID;",
                "V3__validate.sql",
                "ALTER TABLE orders VALIDATE CONSTRAINT sku_not_null;\n"
                    + "ALTER TABLE orders ALTER COLUMN sku SET NOT NULL;\n"
                    + "ALTER TABLE orders DROP CONSTRAINT sku_not_null;"))
        .isEmpty();
  }

  @Test
  void setNotNullAfterACheckValidatedInTheSameTransactionIsStillFlagged() {
    assertThat(
            one(
                "ALTER TABLE orders ADD CONSTRAINT c CHECK (sku IS NOT NULL) NOT VALID;\n"
                    + "ALTER TABLE orders VALIDATE CONSTRAINT c;\n"
                    + "ALTER TABLE orders ALTER COLUMN sku SET NOT NULL;"))
        .containsExactly(
            "V2__change.sql:2 validate-in-same-transaction",
            "V2__change.sql:3 set-not-null",
            "V2__change.sql:3 set-not-null-scan");
  }

  @Test
  void addPrimaryKeySetsNotNullOnColumnsNotKnownToBeNotNull() {
    assertThat(
            lint(
                "V2__pk.sql",
                "CREATE TABLE lines (order_id bigint, n int);",
                "V3__idx.sql",
                "CREATE UNIQUE INDEX CONCURRENTLY lines_pk_idx ON lines (order_id, n);",
                "V4__pk.sql",
                "ALTER TABLE lines ADD CONSTRAINT lines_pk PRIMARY KEY USING INDEX lines_pk_idx;"))
        .isEmpty(); // USING INDEX, no column list: nothing new is set NOT NULL by a list we read
    assertThat(one("ALTER TABLE orders ADD PRIMARY KEY (product_id);"))
        .containsExactly(
            "V2__change.sql:1 set-not-null",
            "V2__change.sql:1 set-not-null-scan",
            "V2__change.sql:1 unique-constraint");
  }

  @Test
  void dropDefaultOfANotNullColumn() {
    assertThat(one("ALTER TABLE orders ALTER COLUMN qty DROP DEFAULT;"))
        .containsExactly("V2__change.sql:1 drop-default");
    assertThat(one("ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;")).isEmpty();
  }

  @Test
  void truncate() {
    assertThat(one("TRUNCATE TABLE orders;")).containsExactly("V2__change.sql:1 truncate");
    assertThat(one("CREATE TABLE staging (id int);\nTRUNCATE staging;")).isEmpty();
  }

  // ---- locking

  @Test
  void createIndexWithoutConcurrently() {
    assertThat(one("CREATE INDEX orders_sku ON \"public\".\"orders\" USING btree (sku);"))
        .containsExactly("V2__change.sql:1 create-index");
    assertThat(one("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_sku ON orders (sku);"))
        .isEmpty();
    assertThat(one("CREATE TABLE t2 (a int);\nCREATE INDEX ON t2 (a);")).isEmpty();
  }

  @Test
  void dropIndexWithoutConcurrently() {
    assertThat(one("DROP INDEX orders_sku;")).containsExactly("V2__change.sql:1 drop-index");
    assertThat(one("DROP INDEX CONCURRENTLY IF EXISTS \"orders_sku\";")).isEmpty();
  }

  @Test
  void concurrentlyInsideATransaction() {
    assertThat(one("BEGIN;\nCREATE INDEX CONCURRENTLY orders_sku ON orders (sku);\nCOMMIT;"))
        .containsExactly("V2__change.sql:2 concurrently-in-transaction");
    assertThat(one("REINDEX INDEX CONCURRENTLY orders_sku;"))
        .containsExactly("V2__change.sql:1 concurrently-in-transaction");
    assertThat(
            one("DO $$\nBEGIN\n  EXECUTE 'CREATE INDEX CONCURRENTLY i ON orders (sku)';\nEND\n$$;"))
        .containsExactly("V2__change.sql:1 concurrently-in-transaction");
    // Flyway's own list runs this file outside a transaction
    assertThat(one("CREATE UNIQUE INDEX CONCURRENTLY orders_sku ON orders (sku);")).isEmpty();
  }

  @Test
  void reindexConcurrentlyWithAScriptConfigRunsOutsideATransaction() throws IOException {
    Files.writeString(dir.resolve("V2__change.sql.conf"), "executeInTransaction=false\n");
    assertThat(one("REINDEX INDEX CONCURRENTLY orders_sku;")).isEmpty();
    assertThat(one("REINDEX INDEX orders_sku;")).containsExactly("V2__change.sql:1 exclusive-lock");
  }

  @Test
  void aConcurrentIndexSharingItsFileWithOtherStatements() {
    assertThat(
            one(
                "ALTER TABLE orders ADD COLUMN tag text;\n"
                    + "CREATE INDEX CONCURRENTLY orders_tag ON orders (tag);"))
        .containsExactly("V2__change.sql:2 non-transactional-file");
    assertThat(
            lint(
                "V2__tag.sql", "ALTER TABLE orders ADD COLUMN tag text;",
                "V3__tag_index.sql", "CREATE INDEX CONCURRENTLY orders_tag ON orders (tag);"))
        .isEmpty();
  }

  @Test
  void foreignKeyOrCheckWithoutNotValid() {
    assertThat(
            one(
                "ALTER TABLE orders ADD CONSTRAINT orders_product_fk FOREIGN KEY (product_id)"
                    + " REFERENCES products (id);"))
        .containsExactly("V2__change.sql:1 constraint-without-not-valid");
    assertThat(one("ALTER TABLE orders ADD CHECK (qty > 0);"))
        .containsExactly("V2__change.sql:1 constraint-without-not-valid");
    assertThat(
            lint(
                "V2__fk.sql",
                "ALTER TABLE orders ADD CONSTRAINT orders_product_fk FOREIGN KEY (product_id)"
                    + " REFERENCES products (id) NOT VALID;",
                "V3__validate.sql",
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_product_fk;"))
        .isEmpty();
  }

  @Test
  void validateInTheSameTransactionAsNotValid() {
    assertThat(
            one(
                "ALTER TABLE orders ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;\n"
                    + "ALTER TABLE orders VALIDATE CONSTRAINT qty_positive;"))
        .containsExactly("V2__change.sql:2 validate-in-same-transaction");
  }

  @Test
  void uniqueConstraintBuildsItsIndexUnderLock() {
    assertThat(one("ALTER TABLE orders ADD CONSTRAINT orders_sku_key UNIQUE (sku);"))
        .containsExactly("V2__change.sql:1 unique-constraint");
    assertThat(one("ALTER TABLE orders ADD COLUMN code text UNIQUE;"))
        .containsExactly("V2__change.sql:1 unique-constraint");
    assertThat(
            lint(
                "V2__idx.sql",
                "CREATE UNIQUE INDEX CONCURRENTLY orders_sku_idx ON orders (sku);",
                "V3__key.sql",
                "ALTER TABLE orders ADD CONSTRAINT orders_sku_key UNIQUE USING INDEX"
                    + " orders_sku_idx;"))
        .isEmpty();
  }

  @Test
  void volatileDefaultsAndOtherRewrites() {
    assertThat(one("ALTER TABLE orders ADD COLUMN uid uuid DEFAULT gen_random_uuid();"))
        .containsExactly("V2__change.sql:1 table-rewrite");
    assertThat(one("ALTER TABLE orders ADD COLUMN n bigserial;"))
        .containsExactly("V2__change.sql:1 table-rewrite");
    assertThat(one("ALTER TABLE orders ADD COLUMN t int GENERATED ALWAYS AS (qty * 2) STORED;"))
        .containsExactly("V2__change.sql:1 table-rewrite");
    assertThat(one("ALTER TABLE orders SET LOGGED;"))
        .containsExactly("V2__change.sql:1 table-rewrite");
    assertThat(one("VACUUM FULL orders;")).containsExactly("V2__change.sql:1 table-rewrite");
    assertThat(
            one(
                "ALTER TABLE orders ADD COLUMN uid uuid;\n"
                    + "ALTER TABLE orders ALTER COLUMN uid SET DEFAULT gen_random_uuid();"))
        .isEmpty();
  }

  @Test
  void explicitLocks() {
    assertThat(one("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;"))
        .containsExactly("V2__change.sql:1 exclusive-lock");
    assertThat(one("CREATE TABLE t3 (a int);\nLOCK TABLE t3;")).isEmpty();
  }

  @Test
  void backfillInTheSameTransactionAsTheAlter() {
    assertThat(
            one(
                "ALTER TABLE orders ADD COLUMN total int;\n"
                    + "UPDATE orders SET total = qty * 10;"))
        .containsExactly("V2__change.sql:2 backfill-with-ddl");
    assertThat(
            lint(
                "V2__add.sql", "ALTER TABLE orders ADD COLUMN total int;",
                "V3__backfill.sql", "UPDATE orders SET total = qty * 10;"))
        .isEmpty();
  }

  // ---- files, opt-outs, text that only looks like SQL

  @Test
  void tablesCreatedInTheSameFileAreFreeToShape() {
    assertThat(
            one(
                "CREATE TABLE \"Audit\" (id bigint, at timestamptz);\n"
                    + "ALTER TABLE \"Audit\" ADD COLUMN who text NOT NULL;\n"
                    + "ALTER TABLE \"Audit\" ALTER COLUMN at SET NOT NULL;\n"
                    + "ALTER TABLE \"Audit\" ADD PRIMARY KEY (id);\n"
                    + "CREATE INDEX audit_at ON \"Audit\" (at);\n"
                    + "ALTER TABLE \"Audit\" ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES"
                    + " orders (id);"))
        .isEmpty();
    // a quoted "Audit" is not the unquoted audit, which folds to lower case
    assertThat(one("CREATE TABLE \"Audit\" (id bigint);\nALTER TABLE audit DROP COLUMN id;"))
        .containsExactly("V2__change.sql:2 drop-column");
  }

  @Test
  void commentsStringsAndBodiesAreNotCode() {
    assertThat(
            one(
                "-- ALTER TABLE orders DROP COLUMN note;\n"
                    + "/* DROP TABLE orders; /* nested */ CREATE INDEX i ON orders (a); */\n"
                    + "INSERT INTO products (id, name) VALUES (1, 'DROP TABLE orders;');\n"
                    + "INSERT INTO products (id, name) VALUES (2, E'it\\'s; DROP TABLE orders');\n"
                    + "CREATE FUNCTION f() RETURNS trigger AS $fn$\n"
                    + "BEGIN ALTER TABLE orders DROP COLUMN note; RETURN NEW; END\n"
                    + "$fn$ LANGUAGE plpgsql;"))
        .isEmpty();
  }

  @Test
  void lockingOptOutKeepsBreakingRulesAndNeedsAReason() {
    assertThat(
            one(
                "-- greenlight:allow-locking orders has 40 rows\n"
                    + "CREATE INDEX orders_sku ON orders (sku);\n"
                    + "ALTER TABLE orders DROP COLUMN note;"))
        .containsExactly("V2__change.sql:3 drop-column");
    assertThat(one("-- greenlight:allow-locking\nCREATE INDEX orders_sku ON orders (sku);"))
        .containsExactly("V2__change.sql:1 file", "V2__change.sql:2 create-index");
  }

  @Test
  void filesAreReadInFlywaysOrderNotByName() {
    // V10 runs after V9: its VALIDATE is in a later transaction than V9's NOT VALID
    assertThat(
            lint(
                "V9__check.sql",
                "ALTER TABLE orders ADD CONSTRAINT c CHECK (sku IS NOT NULL) NOT VALID;",
                "V10__tighten.sql",
                "ALTER TABLE orders VALIDATE CONSTRAINT c;\n"
                    + "ALTER TABLE orders ALTER COLUMN sku SET NOT NULL;"))
        .isEmpty();
  }

  @Test
  void unreadableSqlIsAProblemNotASilentPass() {
    assertThat(one("ALTER TABLE orders DROP COLUMN note; SELECT 'unclosed;"))
        .containsExactly("V2__change.sql file");
  }

  @Test
  void messagesSayWhatTheLiveColorSuffersAndTheSafePattern() {
    Finding f = findings("CREATE INDEX orders_sku ON orders (sku);").get(0);
    assertThat(f.problem())
        .startsWith("database.migrations: V2__change.sql:1: locking (create-index): ")
        .contains("blocks every insert, update and delete on orders")
        .contains("instead, CREATE INDEX CONCURRENTLY")
        .endsWith("mark the file '-- greenlight:allow-locking <why>')");
  }
}
