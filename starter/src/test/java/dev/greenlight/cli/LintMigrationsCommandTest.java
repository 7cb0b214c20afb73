package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.testkit.SpecBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintMigrationsCommandTest {
  @TempDir Path dir;

  private Path folder() throws Exception {
    Path f = Files.createDirectories(dir.resolve("db/migration"));
    Files.writeString(
        f.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY, sku text);\n");
    return f;
  }

  @Test
  void aSafeFolderIsOk() throws Exception {
    Path f = folder();
    Files.writeString(
        f.resolve("V2__sku_index.sql"), "CREATE INDEX CONCURRENTLY orders_sku ON orders (sku);\n");

    CliRun run = CliRun.of(null, "lint-migrations", f.toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("ok: 2 migrations in " + f + ", no problems\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void problemsGoToStderrWithFileAndLineAndExit2() throws Exception {
    Path f = folder();
    Files.writeString(
        f.resolve("V2__contract.sql"),
        "-- tidy up\nALTER TABLE \"orders\" DROP COLUMN \"sku\";\n"
            + "CREATE INDEX orders_id ON public.orders (id);\n");

    CliRun run = CliRun.of(null, "lint-migrations", f.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .startsWith(f.resolve("V2__contract.sql") + ":2: breaking (drop-column): ")
                    .contains("instead,"),
            l ->
                assertThat(l)
                    .startsWith(f.resolve("V2__contract.sql") + ":3: locking (create-index): ")
                    .contains("CONCURRENTLY"));
  }

  @Test
  void jsonListsEveryProblemForScripts() throws Exception {
    Path f = folder();
    Files.writeString(f.resolve("V2__tighten.sql"), "ALTER TABLE orders ALTER sku SET NOT NULL;\n");

    CliRun run = CliRun.of(null, "lint-migrations", f.toString(), "--json");

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.get("files").asInt()).isEqualTo(2);
    JsonNode problems = report.get("problems");
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0).get("file").asText()).isEqualTo("V2__tighten.sql");
    assertThat(problems.get(0).get("line").asInt()).isEqualTo(1);
    assertThat(problems.get(0).get("rule").asText()).isEqualTo("set-not-null");
    assertThat(problems.get(0).get("class").asText()).isEqualTo("breaking");
    assertThat(problems.get(1).get("class").asText()).isEqualTo("locking");
    assertThat(problems.get(1).get("message").asText()).contains("NOT VALID");

    Files.delete(f.resolve("V2__tighten.sql"));
    CliRun clean = CliRun.of(null, "lint-migrations", f.toString(), "--json");
    assertThat(clean.exit()).as(clean.toString()).isZero();
    assertThat(new ObjectMapper().readTree(clean.out()).get("problems")).isEmpty();
  }

  @Test
  void aMissingFolderIsAUsageError() {
    CliRun run = CliRun.of(null, "lint-migrations", dir.resolve("nope").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("FOLDER: no such folder");
  }

  @Test
  void validateRunsTheSameRulesWithTheFieldPathFirst() throws Exception {
    Path spec =
        SpecBuilder.in(dir)
            .with(
                "database",
                "{url: \"jdbc:postgresql://127.0.0.1:5432/shop\", user: shop,"
                    + " migrations: db/migration}")
            .write("shop.yaml");
    Path f = folder();
    Files.writeString(f.resolve("V2__drop.sql"), "\nDROP TABLE orders;\n");

    CliRun run = CliRun.of(null, "validate", spec.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "database.migrations: V2__drop.sql:2: breaking (drop-table): DROP TABLE orders: the"
                + " live color still reads and writes it and fails once it is gone; instead, stop"
                + " using it in one release and drop it in a later one (to accept it, mark the"
                + " file '-- greenlight:allow-breaking <why>')");
  }
}
