package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;

  @Test
  void goodSpecIsOkWithItsSummary() {
    CliRun run = CliRun.of(null, "validate", Specs.good(dir, "shop").toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out())
        .startsWith(
            "ok: shop (router command, 1 smoke check, no database, 1 approval from alice, bob");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void badSpecListsEveryProblemOnItsOwnLineStartingWithTheFieldPath() {
    Path spec =
        Specs.write(
            dir,
            "bad.yaml",
            """
            app: shop
            environments:
              blue:
                url: not-a-url
                deploy: ["./deploy.sh"]
              green:
                url: http://127.0.0.1:8082
                deploy: ["./deploy.sh"]
            router:
              type: ngnix
              url: http://127.0.0.1:8080
            smoke:
              - {name: health, expect: 200}
            """);

    CliRun run = CliRun.of(null, "validate", spec.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .anySatisfy(l -> assertThat(l).startsWith("router.type: ").contains("ngnix"))
        .anySatisfy(l -> assertThat(l).startsWith("environments.blue.url: ").contains("not-a-url"))
        .anySatisfy(l -> assertThat(l).startsWith("smoke[0].path: "))
        .allSatisfy(l -> assertThat(l).matches("^[a-z][A-Za-z0-9.\\[\\]]*: .+"));
  }

  @Test
  void aSecondApprovalBlockIsRefusedNotSilentlyWidenedToAnyone() throws Exception {
    Path good = Specs.good(dir, "shop");
    Path spec =
        Specs.write(
            dir,
            "dup.yaml",
            java.nio.file.Files.readString(good) + "approval: {approvers: [], required: 1}\n");

    CliRun run = CliRun.of(null, "validate", spec.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly("approval: duplicate key (the first one would be silently replaced)");
  }

  @Test
  void missingSpecFileIsBadUsage() {
    CliRun run = CliRun.of(null, "validate", dir.resolve("nope.yaml").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("spec: no such file");
  }

  @Test
  void helpIsGeneratedForTheTopCommandAndEachSubcommand() {
    CliRun top = CliRun.of(null, "--help");
    assertThat(top.exit()).isZero();
    assertThat(top.out())
        .contains(
            "validate",
            "start",
            "status",
            "list",
            "watch",
            "approve",
            "reject",
            "abort",
            "Exit codes:");

    CliRun start = CliRun.of(null, "start", "--help");
    assertThat(start.exit()).isZero();
    assertThat(start.out())
        .contains("--version=V", "--follow", "--as=NAME", "--temporal=HOST:PORT", "--task-queue=Q");
  }

  @Test
  void noCommandIsBadUsage() {
    CliRun run = CliRun.of(null);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Missing command");
  }
}
