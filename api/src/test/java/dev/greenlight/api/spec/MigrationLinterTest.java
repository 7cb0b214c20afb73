package dev.greenlight.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code validate} prints for a migrations folder. */
class MigrationLinterTest {
  @TempDir Path dir;

  @Test
  void expandStepsPass() throws Exception {
    Files.writeString(
        dir.resolve("V1__create.sql"),
        "CREATE TABLE orders (id bigserial primary key, sku text not null);\n"
            + "CREATE INDEX orders_sku ON orders (sku);\n");
    Files.writeString(
        dir.resolve("V2__add_note.sql"),
        "ALTER TABLE orders ADD COLUMN note text;\n"
            + "ALTER TABLE orders ADD COLUMN qty int NOT NULL DEFAULT 1;\n"
            + "-- we never DROP COLUMN here\n"
            + "INSERT INTO orders (sku) VALUES ('drop table x');\n");
    Files.writeString(
        dir.resolve("V3__index.sql"), "CREATE INDEX CONCURRENTLY orders_note ON orders (note);\n");
    assertThat(MigrationLinter.lint(dir)).isEmpty();
  }

  @Test
  void contractStepsAreNamedWithFileAndLine() throws Exception {
    Files.writeString(
        dir.resolve("V3__contract.sql"),
        "ALTER TABLE orders\n"
            + "  DROP COLUMN note;\n"
            + "ALTER TABLE orders RENAME COLUMN sku TO product_sku;\n"
            + "ALTER TABLE orders ADD COLUMN owner text NOT NULL;\n");
    assertThat(MigrationLinter.lint(dir))
        .containsExactly(
            "database.migrations: V3__contract.sql:2: breaking (drop-column): DROP COLUMN"
                + " orders.note: the live color still selects and writes it, and those queries"
                + " fail; instead, stop using the column in one release and drop it in a later"
                + " one (to accept it, mark the file '-- greenlight:allow-breaking <why>')",
            "database.migrations: V3__contract.sql:3: breaking (rename-column): RENAME COLUMN"
                + " orders.sku TO product_sku: the live color's queries still name sku and fail;"
                + " instead, add the new column, have the new code write both, backfill, and drop"
                + " the old one in a later release (to accept it, mark the file '--"
                + " greenlight:allow-breaking <why>')",
            "database.migrations: V3__contract.sql:4: breaking (add-column-not-null): ADD COLUMN"
                + " orders.owner NOT NULL without a DEFAULT: the live color's inserts leave owner"
                + " out and fail; instead, give it a constant DEFAULT (e.g. ADD COLUMN owner int"
                + " NOT NULL DEFAULT 0, no rewrite on PostgreSQL 11+), or add it nullable now and"
                + " tighten it in a later release (to accept it, mark the file '--"
                + " greenlight:allow-breaking <why>')");
  }

  @Test
  void aDeliberateContractStepCanSaySo() throws Exception {
    Files.writeString(
        dir.resolve("V4__drop_old.sql"),
        "-- greenlight:allow-breaking no color runs 1.x any more\n"
            + "ALTER TABLE orders DROP COLUMN legacy;\n");
    assertThat(MigrationLinter.lint(dir)).isEmpty();
  }

  @Test
  void namesFlywayWouldIgnoreAreReported() throws Exception {
    Files.writeString(dir.resolve("add_column.sql"), "ALTER TABLE t ADD COLUMN c text;");
    assertThat(MigrationLinter.lint(dir))
        .containsExactly(
            "database.migrations: add_column.sql: not a Flyway migration name"
                + " (V<version>__<description>.sql): Flyway would skip it");
  }
}
