package dev.greenlight.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationLinterTest {
  @TempDir Path dir;

  @Test
  void expandStepsPass() throws Exception {
    Files.writeString(
        dir.resolve("V1__create.sql"),
        "CREATE TABLE orders (id bigserial primary key, sku text not null);\n");
    Files.writeString(
        dir.resolve("V2__add_note.sql"),
        "ALTER TABLE orders ADD COLUMN note text;\n"
            + "ALTER TABLE orders ADD COLUMN qty int NOT NULL DEFAULT 1;\n"
            + "-- we never DROP COLUMN here\n"
            + "CREATE INDEX CONCURRENTLY orders_sku ON orders (sku);\n"
            + "INSERT INTO orders (sku) VALUES ('drop table x');\n");
    assertThat(MigrationLinter.lint(dir)).isEmpty();
  }

  @Test
  void contractStepsAreNamedWithFileAndLine() throws Exception {
    Files.writeString(
        dir.resolve("V3__contract.sql"),
        "ALTER TABLE orders\n"
            + "  DROP COLUMN note;\n"
            + "ALTER TABLE orders RENAME COLUMN sku TO product_sku;\n"
            + "ALTER TABLE orders ADD COLUMN owner text NOT NULL;\n"
            + "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n");
    assertThat(MigrationLinter.lint(dir))
        .satisfiesExactlyInAnyOrder(
            p ->
                assertThat(p)
                    .startsWith(
                        "database.migrations: V3__contract.sql:2: DROP COLUMN breaks the live"
                            + " color"),
            p ->
                assertThat(p)
                    .startsWith(
                        "database.migrations: V3__contract.sql:3: RENAME breaks the live color"),
            p ->
                assertThat(p)
                    .startsWith(
                        "database.migrations: V3__contract.sql:4: a NOT NULL column without a"
                            + " DEFAULT"),
            p ->
                assertThat(p)
                    .startsWith(
                        "database.migrations: V3__contract.sql:5: changing a column's type"));
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
                + " (V<version>__<description>.sql)");
  }
}
