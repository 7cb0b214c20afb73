package dev.greenlight.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.api.spec.lifecycle.UndoSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
  @TempDir Path dir;

  private static final String GOOD =
      """
      app: shop
      environments:
        blue:
          url: http://127.0.0.1:8081/
          deploy: ["./deploy.sh", "blue", "${VERSION}"]
        green:
          url: http://127.0.0.1:8082
          deploy: ./deploy.sh green ${VERSION}
      health: {path: /health, timeout: 90s, versionField: version}
      router:
        type: command
        url: http://127.0.0.1:8080
        command: {switch: ["./switch.sh", "${COLOR}"], active: ["./active.sh"]}
      database:
        url: "jdbc:postgresql://127.0.0.1:5432/shop"
        user: shop
        passwordEnv: SHOP_DB_PASSWORD
        migrations: db/migration
      smoke:
        - {name: health, path: /health, expect: 200}
        - {name: catalogue, method: GET, path: /api/products, expect: 200, bodyContains: "sku"}
      approval: {approvers: [alice, bob], required: 2, timeout: 24h}
      monitor:
        window: 15m
        interval: 10s
        errorRate: {alert: 0.03, rollback: 0.05}
        p95: {alert: 1000ms, rollback: 2.0x}
      """;

  private Path write(String name, String text) throws Exception {
    Files.createDirectories(dir.resolve("db/migration"));
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsEveryFieldWithPathsResolvedAgainstTheSpecFile() throws Exception {
    ReleaseSpec spec = SpecLoader.load(write("greenlight.yaml", GOOD));
    assertThat(spec.app()).isEqualTo("shop");
    assertThat(spec.blue().url()).isEqualTo("http://127.0.0.1:8081");
    assertThat(spec.blue().deploy().argv()).containsExactly("./deploy.sh", "blue", "${VERSION}");
    assertThat(spec.green().deploy().shell()).isEqualTo("./deploy.sh green ${VERSION}");
    assertThat(spec.green().deploy().workDir()).isEqualTo(dir.toString());
    assertThat(spec.health().timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(spec.database().migrations()).isEqualTo(dir.resolve("db/migration").toString());
    assertThat(spec.smoke()).hasSize(2);
    assertThat(spec.smoke().get(1).bodyContains()).isEqualTo("sku");
    assertThat(spec.approval().required()).isEqualTo(2);
    assertThat(spec.monitor().window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(spec.monitor().p95().alert().millis()).isEqualTo(1000L);
    assertThat(spec.monitor().p95().rollback().factor()).isEqualTo(2.0);
    assertThat(spec.router().steps()).containsExactly(100);
    assertThat(spec.router().verifyResponses()).isEqualTo(20);
  }

  @Test
  void jsonIsAcceptedToo() throws Exception {
    String json =
        """
        {"app": "shop",
         "environments": {"blue": {"url": "http://127.0.0.1:8081", "deploy": "true"},
                          "green": {"url": "http://127.0.0.1:8082", "deploy": "true"}},
         "health": {"versionField": "version"},
         "router": {"type": "command", "url": "http://127.0.0.1:8080",
                    "command": {"switch": "true", "active": "echo blue"}}}
        """;
    ReleaseSpec spec = SpecLoader.load(write("greenlight.json", json));
    assertThat(spec.health().path()).isEqualTo("/health");
    assertThat(spec.approval().approvers()).isEmpty();
    assertThat(spec.database()).isNull();
  }

  @Test
  void migrationLockSettingsHaveDefaultsAndAreCheckedWithTheirFieldPaths() throws Exception {
    DatabaseSpec defaults = SpecLoader.load(write("greenlight.yaml", GOOD)).database();
    assertThat(defaults.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.statementTimeout()).isNull();
    assertThat(defaults.lockRetries()).isEqualTo(5);

    String set =
        GOOD.replace(
            "migrations: db/migration",
            "migrations: db/migration\n  lockTimeout: 2s\n  statementTimeout: 10m\n"
                + "  lockRetries: 0");
    DatabaseSpec db = SpecLoader.load(write("set.yaml", set)).database();
    assertThat(db.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(db.statementTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(db.lockRetries()).isZero();

    String bad =
        GOOD.replace(
            "migrations: db/migration",
            "migrations: db/migration\n  lockTimeout: 5min\n  statementTimeout: 2h\n"
                + "  lockRetries: 50");
    assertThat(problems("bad-locks.yaml", bad))
        .containsExactlyInAnyOrder(
            "database.lockTimeout: '5min' is not a duration (expected a number and a unit: 500ms,"
                + " 10s, 15m, 24h)",
            "database.statementTimeout: must be at most 25m (the migration step's own limit is"
                + " 30m)",
            "database.lockRetries: 50 is outside 0..10");
    assertThat(
            problems(
                "long-lock.yaml",
                GOOD.replace(
                    "migrations: db/migration", "migrations: db/migration\n  lockTimeout: 2m")))
        .containsExactly(
            "database.lockTimeout: must be at most 1m: live queries on the table wait that long"
                + " behind each try");
  }

  @Test
  void everyProblemIsListedWithItsFieldPath() throws Exception {
    String bad =
        GOOD.replace("type: command", "type: ngnix")
            .replace("url: http://127.0.0.1:8081/", "url: localhost:8081")
            .replace("timeout: 90s", "timeout: 90 seconds")
            .replace("path: /api/products", "path: api/products")
            .replace("rollback: 0.05", "rollback: 5")
            .replace("required: 2", "required: 3")
            .replace("interval: 10s", "interval: 10s\n  windw: 5m");
    assertThatThrownBy(() -> SpecLoader.load(write("bad.yaml", bad)))
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "router.type: unknown type 'ngnix' (expected one of: "
                            + String.join(", ", RouterTypes.SUPPORTED)
                            + ")",
                        "environments.blue.url: 'localhost:8081' is not an http(s) URL with a host",
                        "health.timeout: '90 seconds' is not a duration (expected a number and a"
                            + " unit: 500ms, 10s, 15m, 24h)",
                        "smoke[1].path: 'api/products' must start with /",
                        "monitor.errorRate.rollback: '5' is not a share between 0 and 1 (e.g. 0.05"
                            + " for 5%)",
                        "approval.required: 3 approvals required but only 2 approvers listed",
                        "monitor.windw: unknown field (expected one of: window, interval, source,"
                            + " path, requestsPerSample, errorRate, p95, minRequests, consecutive,"
                            + " inconclusive, prometheus, checks)"));
  }

  /** A real ed25519 public key (any valid key will do; the loader checks it parses). */
  private static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGQdbR1rYzC1ddVj9YNPi53XRRSDtaBx5LSUkw+g0jyK";

  @Test
  void signersAreReadWhenTheSpecIsAndProblemsNameTheFieldAndLine() throws Exception {
    String signed = GOOD.replace("timeout: 24h}", "timeout: 24h, signers: keys/allowed_signers}");
    assertThat(problems("nokeys.yaml", signed))
        .containsExactly("approval.signers: no such file: " + dir.resolve("keys/allowed_signers"));

    Files.createDirectories(dir.resolve("keys"));
    Files.writeString(
        dir.resolve("keys/allowed_signers"),
        "# the shop's approvers\nalice " + KEY + " alice@laptop\nbob ssh-ed25519 AAAA%%%\n");
    assertThat(problems("badline.yaml", signed))
        .containsExactly("approval.signers: allowed_signers: line 3: the key is not valid base64");

    Files.writeString(dir.resolve("keys/allowed_signers"), "alice " + KEY + "\n");
    assertThat(problems("nobob.yaml", signed))
        .containsExactly("approval.signers: no key for the approver bob in allowed_signers");

    Files.writeString(
        dir.resolve("keys/allowed_signers"),
        "alice " + KEY + "\nbob namespaces=\"greenlight\" " + KEY + "\n");
    ApprovalSpec approval = SpecLoader.load(write("ok.yaml", signed)).approval();
    assertThat(approval.signed()).isTrue();
    assertThat(approval.signersFile()).isEqualTo(dir.resolve("keys/allowed_signers").toString());
    assertThat(approval.signers())
        .extracting(k -> k.principals().get(0), k -> k.keyType(), k -> k.line())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", "ssh-ed25519", 1),
            org.assertj.core.groups.Tuple.tuple("bob", "ssh-ed25519", 2));
    assertThat(SpecLoader.load(write("plain.yaml", GOOD)).approval().signed()).isFalse();
  }

  @Test
  void anApproverNameThatCouldNeverApproveIsRefused() throws Exception {
    String bad =
        GOOD.replace(
                "approvers: [alice, bob]", "approvers: [alice, \"bob;rm\", " + "x".repeat(65) + "]")
            .replace("required: 2", "required: 1");
    assertThat(problems("approvers.yaml", bad))
        .containsExactlyInAnyOrder(
            "approval.approvers[1]: must be letters, digits, spaces and . _ @ + ' - (starting with"
                + " a letter or digit)",
            "approval.approvers[2]: longer than 64 characters");
  }

  @Test
  void missingRequiredFieldsAreNamed() throws Exception {
    assertThatThrownBy(() -> SpecLoader.load(write("empty.yaml", "app: Shop!\n")))
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "app: 'Shop!' must be lower-case letters, digits and dashes, at most 40",
                        "environments: is required",
                        "router: is required"));
  }

  @Test
  void theCommandRouterCannotSplitTraffic() throws Exception {
    String progressive =
        GOOD.replace("command: {switch", "steps: [10, 50, 100]\n  command: {switch");
    assertThatThrownBy(() -> SpecLoader.load(write("p.yaml", progressive)))
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "router.steps: router type command cannot split traffic; use [100] or a"
                            + " weighted router"));
  }

  @Test
  void notYamlAtAllIsOneClearProblem() throws Exception {
    assertThatThrownBy(() -> SpecLoader.load(write("x.yaml", "app: [unclosed")))
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("spec: not valid YAML or JSON"));
    assertThatThrownBy(() -> SpecLoader.load(dir.resolve("missing.yaml")))
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly("spec: no such file: " + dir.resolve("missing.yaml")));
  }

  @Test
  void durationsReadAndPrintInSpecForm() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("is not a duration");
    assertThat(List.of("1s", "1m")).allSatisfy(s -> assertThat(Durations.parse(s)).isPositive());
  }

  private List<String> problems(String name, String text) throws Exception {
    Path file = write(name, text);
    SpecException e = catchThrowableOfType(SpecException.class, () -> SpecLoader.load(file));
    assertThat(e).as("refused: " + text).isNotNull();
    return e.problems();
  }

  @Test
  void withoutAWayToTellTheColorsApartTheSpecIsRefused() throws Exception {
    String noVersion = GOOD.replace(", versionField: version", "");

    assertThat(problems("nv.yaml", noVersion))
        .containsExactly(
            "health.versionField: required unless router.verify is set: without it the switch"
                + " cannot be proven (e.g. versionField: version, or router.verify: {header:"
                + " X-Color})");
  }

  @Test
  void routerVerifyNamesAHeaderOrAFieldInsteadOfVersionField() throws Exception {
    String noVersion = GOOD.replace(", versionField: version", "");

    ReleaseSpec byHeader =
        SpecLoader.load(
            write(
                "h.yaml",
                noVersion.replace(
                    "  url: http://127.0.0.1:8080",
                    "  url: http://127.0.0.1:8080\n  verify: {header: X-Color}")));
    ReleaseSpec byField =
        SpecLoader.load(
            write(
                "f.yaml",
                noVersion.replace(
                    "  url: http://127.0.0.1:8080",
                    "  url: http://127.0.0.1:8080\n  verify: {path: /version, field: build.id}")));

    assertThat(byHeader.router().verify())
        .isEqualTo(new RouterSpec.VerifySpec("/health", null, "X-Color"));
    assertThat(byField.router().verify())
        .isEqualTo(new RouterSpec.VerifySpec("/version", "build.id", null));
    assertThat(SpecLoader.load(write("g.yaml", GOOD)).router().verify())
        .as("versionField alone is enough")
        .isNull();
    assertThat(
            problems(
                "neither.yaml",
                noVersion.replace(
                    "  url: http://127.0.0.1:8080",
                    "  url: http://127.0.0.1:8080\n  verify: {path: /version}")))
        .containsExactly(
            "router.verify: set field (a JSON field of the answer) or header (a response header)"
                + " that differs between the colors");
    assertThat(
            problems(
                "both.yaml",
                noVersion.replace(
                    "  url: http://127.0.0.1:8080",
                    "  url: http://127.0.0.1:8080\n  verify: {field: v, header: X-Color}")))
        .containsExactly("router.verify: set field or header, not both");
  }

  @Test
  void aDuplicateKeyIsAProblemAtItsPathNotASilentReplacement() throws Exception {
    assertThat(problems("dup.yaml", GOOD + "approval: {approvers: [], required: 1}\n"))
        .containsExactly("approval: duplicate key (the first one would be silently replaced)");
    assertThat(
            problems(
                "dup2.yaml",
                GOOD.replace(
                    "url: http://127.0.0.1:8082",
                    "url: http://127.0.0.1:8082\n    url: http://127.0.0.1:9999")))
        .containsExactly(
            "environments.green.url: duplicate key (the first one would be silently replaced)");
    assertThat(
            problems(
                "dup3.yaml",
                GOOD.replace(
                    "{name: health, path: /health,", "{name: health, path: /health, path: /x,")))
        .containsExactly("smoke[0].path: duplicate key (the first one would be silently replaced)");
  }

  @Test
  void aSecondDocumentOrDataAfterTheJsonIsRefused() throws Exception {
    assertThat(problems("two.yaml", GOOD + "---\napp: other\n"))
        .singleElement()
        .asString()
        .startsWith("spec: more than one document");
    String json =
        """
        {"app": "shop",
         "environments": {"blue": {"url": "http://127.0.0.1:8081", "deploy": "true"},
                          "green": {"url": "http://127.0.0.1:8082", "deploy": "true"}},
         "health": {"versionField": "version"},
         "router": {"type": "command", "url": "http://127.0.0.1:8080",
                    "command": {"switch": "true", "active": "echo blue"}}}\
        """;
    assertThat(SpecLoader.load(write("ok.json", json)).app()).isEqualTo("shop");
    assertThat(problems("trailing.json", json + " garbage"))
        .singleElement()
        .asString()
        .startsWith("spec: ");
    assertThat(problems("two.json", json + "\n{\"app\": \"other\"}"))
        .singleElement()
        .asString()
        .startsWith("spec: ");
    assertThat(SpecLoader.load(write("marker.yaml", "---\n" + GOOD)).app())
        .as("a leading --- is one document")
        .isEqualTo("shop");
  }

  @Test
  void hugeNumbersAreOutOfRangeNotWrappedOrThrown() throws Exception {
    String bad =
        GOOD.replace("timeout: 90s", "timeout: 9223372036854775807h")
            .replace("timeout: 24h", "timeout: 200000d")
            .replace("required: 2", "required: 4294967297")
            .replace("window: 15m", "window: 99999999999999999999999s")
            .replace("expect: 200}", "expect: 4294967496}");

    assertThat(problems("big.yaml", bad))
        .containsExactlyInAnyOrder(
            "health.timeout: '9223372036854775807h' is too long (at most 365d)",
            "approval.timeout: '200000d' is too long (at most 365d)",
            "approval.required: 4294967297 is outside 1..100",
            "monitor.window: '99999999999999999999999s' is too long (at most 365d)",
            "smoke[0].expect: 4294967496 is outside 100..599");
    assertThatThrownBy(() -> Durations.parse("366d"))
        .hasMessage("'366d' is too long (at most 365d)");
    assertThat(Durations.parse("365d")).isEqualTo(Duration.ofDays(365));
  }

  @Test
  void thresholdsThatCanNeverOrAlwaysTripAreRefused() throws Exception {
    assertThat(
            problems(
                "nan.yaml",
                GOOD.replace("rollback: 2.0x", "rollback: NaNx")
                    .replace("alert: 1000ms", "alert: 0ms")))
        .containsExactlyInAnyOrder(
            "monitor.p95.rollback: 'NaNx' is not a factor like 2.0x",
            "monitor.p95.alert: '0ms' must be longer than 0");
    assertThat(problems("inf.yaml", GOOD.replace("rollback: 2.0x", "rollback: Infinityx")))
        .containsExactly("monitor.p95.rollback: 'Infinityx' is not a factor like 2.0x");
    // YAML's .nan and .inf are no numbers to Jackson: refused where they stand
    assertThat(problems("nanrate.yaml", GOOD.replace("alert: 0.03", "alert: .nan")))
        .singleElement()
        .asString()
        .startsWith("spec: not valid YAML or JSON: Malformed numeric value '.nan' at line 26");
  }

  @Test
  void urlsWithAQueryAFragmentOrCredentialsAreRefused() throws Exception {
    String bad =
        GOOD.replace("url: http://127.0.0.1:8081/", "url: http://127.0.0.1:8081/?debug=1")
            .replace("url: http://127.0.0.1:8082", "url: http://admin:secret@127.0.0.1:8082")
            .replace("url: http://127.0.0.1:8080", "url: http://127.0.0.1:8080/#top");

    assertThat(problems("urls.yaml", bad))
        .containsExactlyInAnyOrder(
            "environments.blue.url: 'http://127.0.0.1:8081/?debug=1' must not have a query string"
                + " (?...): paths are appended to it",
            "environments.green.url: must not contain a user name or password (user:password@):"
                + " they would be printed and recorded",
            "router.url: 'http://127.0.0.1:8080/#top' must not have a fragment (#...): paths are"
                + " appended to it");
  }

  @Test
  void anOversizedSpecIsRefusedBeforeItIsParsed() throws Exception {
    String huge = GOOD + "#" + "x".repeat(300 * 1024) + "\n";

    assertThat(problems("huge.yaml", huge))
        .containsExactly("spec: larger than 256 KB (a spec is a few KB)");
    assertThatThrownBy(() -> SpecLoader.parse(huge, dir.resolve("huge.yaml")))
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly("spec: larger than 256 KB (a spec is a few KB)"));
  }

  @Test
  void theLifecycleSectionsLoadWhenValidAndAreAbsentOtherwise() throws Exception {
    String lifecycle =
        GOOD
            + """
            undo: {approval: none}
            standby: {syncAfter: 24h}
            drift:
              fields: [config.hash, runtime.java]
              command: ["./fingerprint.sh", "${COLOR}"]
              mode: warn
            """;
    ReleaseSpec spec = SpecLoader.load(write("lifecycle.yaml", lifecycle));

    assertThat(spec.undo().approval()).isEqualTo("none");
    assertThat(UndoSpec.needsApproval(spec.undo())).isFalse();
    assertThat(spec.standby().syncAfter()).isEqualTo(Duration.ofHours(24));
    assertThat(spec.drift().fields()).containsExactly("config.hash", "runtime.java");
    assertThat(spec.drift().command().argv()).containsExactly("./fingerprint.sh", "${COLOR}");
    assertThat(spec.drift().command().workDir()).isEqualTo(dir.toString());
    assertThat(spec.drift().warnOnly()).isTrue();

    ReleaseSpec defaults =
        SpecLoader.load(
            write(
                "defaults.yaml",
                GOOD + "undo: {}\ndrift: {command: './fingerprint.sh ${COLOR}'}\n"));
    assertThat(defaults.undo().approval()).isEqualTo("release");
    assertThat(UndoSpec.needsApproval(defaults.undo())).isTrue();
    assertThat(defaults.drift().fields()).isEmpty();
    assertThat(defaults.drift().command().shell()).isEqualTo("./fingerprint.sh ${COLOR}");
    assertThat(defaults.drift().warnOnly()).isFalse();

    ReleaseSpec none = SpecLoader.load(write("none.yaml", GOOD));
    assertThat(none.undo()).isNull();
    assertThat(UndoSpec.needsApproval(none.undo())).isTrue();
    assertThat(none.standby()).isNull();
    assertThat(none.drift()).isNull();
  }

  @Test
  void everyLifecycleProblemNamesItsFieldPath() throws Exception {
    String bad =
        GOOD
            + """
            undo: {approval: sometimes, aproval: none}
            standby: {syncAfter: 10ms}
            drift:
              fields: [config.hash, "config hash", ""]
              mode: loud
              comand: ./fp.sh
            """;

    assertThat(problems("lifecycle-bad.yaml", bad))
        .containsExactlyInAnyOrder(
            "undo.approval: 'sometimes' is not one of: release (as a release's approval), none",
            "undo.aproval: unknown field (expected one of: approval)",
            "standby.syncAfter: 10ms is too short (at least 100ms)",
            "drift.fields[1]: 'config hash' is not a dotted JSON field of the health body"
                + " (e.g. config.hash)",
            "drift.fields[2]: expected a name",
            "drift.mode: 'loud' is not one of: fail, warn",
            "drift.comand: unknown field (expected one of: fields, command, mode)");
  }

  @Test
  void aLifecycleSectionWithoutItsEssentialFieldIsRefused() throws Exception {
    assertThat(problems("standby-empty.yaml", GOOD + "standby: {}\n"))
        .containsExactly(
            "standby.syncAfter: is required (e.g. 24h: how long a release stays live first)");
    assertThat(problems("standby-text.yaml", GOOD + "standby: {syncAfter: tomorrow}\n"))
        .containsExactly(
            "standby.syncAfter: 'tomorrow' is not a duration (expected a number and a unit:"
                + " 500ms, 10s, 15m, 24h)");
    assertThat(problems("drift-empty.yaml", GOOD + "drift: {mode: warn}\n"))
        .containsExactly(
            "drift.fields: name at least one health JSON field (e.g. [config.hash]) or set"
                + " drift.command");
    assertThat(problems("drift-cmd.yaml", GOOD + "drift: {command: \"\"}\n"))
        .containsExactly("drift.command: is empty");
    assertThat(problems("undo-list.yaml", GOOD + "undo: [none]\n"))
        .containsExactly("undo: expected a mapping");
    assertThat(problems("drift-fields.yaml", GOOD + "drift: {fields: config.hash}\n"))
        .contains("drift.fields: expected a list of names");
  }
}
