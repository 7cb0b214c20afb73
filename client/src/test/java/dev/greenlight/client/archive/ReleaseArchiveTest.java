package dev.greenlight.client.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.audit.ReleaseHistory;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.TestPostgres;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The archive against a real PostgreSQL 17 that asks every user but its superuser for a password
 * (scram-sha-256), as a production database would.
 */
class ReleaseArchiveTest {
  private static final String PASSWORD = "Archive-Walrus-5529-distinctive";
  private static final String PASSWORD_ENV = "GREENLIGHT_ARCHIVE_PASSWORD";
  private static final Path GOLDEN = Path.of("../workflows/src/test/resources/golden");
  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private String database;

  @BeforeAll
  static void createRole() {
    postgres.createRole("archivist", PASSWORD);
  }

  @BeforeEach
  void createDatabase() throws Exception {
    database = postgres.newDatabase("audit", "archivist");
  }

  @Test
  void migratesIntoItsOwnSchemaWithItsOwnFlywayHistoryAndASecondMigrationChangesNothing()
      throws Exception {
    ReleaseArchive archive = archive(PASSWORD);

    assertThat(archive.migrate()).isEqualTo("1");
    assertThat(archive.migrate()).isEqualTo("1");

    assertThat(
            strings(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                    + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"))
        .containsExactly("greenlight.flyway_schema_history", "greenlight.releases");
    assertThat(
            strings(
                "SELECT version || ' ' || script || ' ' || success FROM"
                    + " greenlight.flyway_schema_history WHERE version IS NOT NULL"))
        .containsExactly("1 V1__archive.sql true");
  }

  @Test
  void aReleaseIsStoredOnceAndReadBackByteForByte() throws Exception {
    ReleaseArchive archive = archive(PASSWORD);
    archive.migrate();
    WorkflowExecutionHistory history = golden("rolled-back.json");
    ReleaseStatus status = ReleaseHistory.of(history).result;
    ArchivedRelease entry = ArchivedRelease.of("run-1", history, status);

    assertThat(archive.store(entry)).isTrue();
    assertThat(archive.store(ArchivedRelease.of("run-2", history, status))).isFalse();

    assertThat(
            strings(
                "SELECT id || ' ' || run_id || ' ' || app || ' ' || version || ' ' || state FROM"
                    + " greenlight.releases"))
        .containsExactly("shop-2.0.0-rolled-back run-1 shop 2.0.0 ROLLED_BACK");
    ArchivedRelease back = archive.find("shop-2.0.0-rolled-back").orElseThrow();
    assertThat(back.historyJson()).isEqualTo(history.toJson(true));
    assertThat(strings("SELECT history_sha256 FROM greenlight.releases"))
        .containsExactly(ReleaseArchive.sha256(back.historyJson()));
    assertThat(WorkflowExecutionHistory.fromJson(back.historyJson()).getEvents())
        .hasSize(history.getEvents().size());
    assertThat(back.status()).isEqualTo(status);
    assertThat(back.state()).isEqualTo(ReleaseState.ROLLED_BACK.name());
    assertThat(back.outcome()).isEqualTo(status.outcome());
    assertThat(back.startedAt()).isEqualTo(java.time.Instant.parse(status.startedAt()));
    assertThat(back.reportMarkdown())
        .startsWith("# Release shop-2.0.0-rolled-back")
        .contains("## Incident");
    assertThat(back.archivedAt()).isNotNull();
    assertThat(archive.archivedAmong(List.of("shop-2.0.0-rolled-back", "shop-9.9.9-nope")))
        .isEqualTo(Set.of("shop-2.0.0-rolled-back"));
    assertThat(archive.find("shop-9.9.9-nope")).isEmpty();
  }

  @Test
  void aWrongPasswordIsRefusedWithAMessageThatNamesTheEnvVarAndHoldsNoPassword() {
    String wrong = "Wrong-Pelican-1207-distinctive";
    Throwable t = catchThrowable(() -> archive(wrong).migrate());

    assertThat(t).isInstanceOf(ArchiveException.class);
    assertThat(((ArchiveException) t).permanent()).isTrue();
    assertThat(t.getMessage())
        .contains("refused the login")
        .contains("archivist")
        .contains(PASSWORD_ENV)
        .doesNotContain(wrong)
        .doesNotContain(PASSWORD);
    assertThat(t.getCause()).isNull();
  }

  @Test
  void anUnsetPasswordVariableOrABadUrlIsAUsageProblemNamingTheOption() {
    ArchiveSettings unset = new ArchiveSettings(url(), "archivist", "NOT_SET_ANYWHERE");
    assertThat(catchThrowable(() -> ReleaseArchive.open(unset, Map.<String, String>of()::get)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--archive-password-env: the env var NOT_SET_ANYWHERE is not set; set it to the"
                + " password of 'archivist' where Greenlight runs");
    ArchiveSettings mysql =
        new ArchiveSettings("jdbc:mysql://db/x?password=" + PASSWORD, "archivist", null);
    assertThat(catchThrowable(() -> ReleaseArchive.open(mysql, System::getenv)))
        .hasMessage("--archive-url: 'jdbc:mysql://db/x' is not a jdbc:postgresql:// URL");
  }

  @Test
  void readingAnArchiveNoWorkerHasCreatedSaysWhoCreatesIt() {
    Throwable t = catchThrowable(() -> archive(PASSWORD).find("shop-1.0.0-x"));
    assertThat(t)
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("has no greenlight.releases table yet")
        .hasMessageContaining("a worker started with --archive-url creates it");
  }

  @Test
  void aDatabaseThatIsDownIsATransientProblem() throws Exception {
    int closedPort = FreePort.find();
    ReleaseArchive archive =
        ReleaseArchive.open(
            new ArchiveSettings(
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/x", "archivist", PASSWORD_ENV),
            Map.of(PASSWORD_ENV, PASSWORD)::get);
    Throwable t = catchThrowable(() -> archive.archivedAmong(List.of("a")));
    assertThat(t)
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith("cannot reach the archive at jdbc:postgresql://127.0.0.1:");
    assertThat(((ArchiveException) t).permanent()).isFalse();
  }

  private ReleaseArchive archive(String password) {
    return ReleaseArchive.open(
        new ArchiveSettings(url(), "archivist", PASSWORD_ENV), Map.of(PASSWORD_ENV, password)::get);
  }

  private String url() {
    return postgres.jdbcUrl(database);
  }

  private static WorkflowExecutionHistory golden(String name) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(GOLDEN.resolve(name)));
  }

  private List<String> strings(String query) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }
}
