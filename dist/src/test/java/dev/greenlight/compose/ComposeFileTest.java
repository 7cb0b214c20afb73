package dev.greenlight.compose;

import static dev.greenlight.compose.ComposeProject.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.greenlight.cli.GreenlightCli;
import dev.greenlight.devstack.demoapp.DemoApp;
import dev.greenlight.devstack.demoapp.DemoConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml, the Dockerfile and docker/ checked as docker would read them (no Docker
 * engine here): against the compose specification's JSON schema (a copy in
 * src/test/resources/compose-spec), each service's argv against the CLI it runs, the release spec
 * against {@code greenlight validate}, the deploy hook against the demo app. {@code ComposeStackIT}
 * runs the stack's processes.
 */
class ComposeFileTest {
  private static ComposeProject compose;
  private static Schema schema;

  @BeforeAll
  static void load() throws Exception {
    compose = ComposeProject.load();
    // by location: the schema's $id is relative, so it needs a base
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));
  }

  @Test
  void theComposeFileValidatesAgainstTheComposeSpecification() {
    assertThat(schema.validate(compose.interpolated)).isEmpty();
    // and the schema does catch a mistake
    ObjectNode broken = compose.interpolated.deepCopy();
    ((ObjectNode) broken.get("services").get("haproxy").get("depends_on").get("blue"))
        .put("condition", "service_ready");
    ((ObjectNode) broken.get("services").get("blue")).put("healthcheck", "curl");
    assertThat(schema.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void everyServiceHasAPinnedImageOrIsBuiltFromTheDockerfile() {
    assertThat(compose.services())
        .contains(
            "postgresql",
            "temporal-schema",
            "temporal",
            "temporal-setup",
            "temporal-ui",
            "greenlight-worker",
            "haproxy",
            "blue",
            "green");
    Pattern pinned = Pattern.compile("[a-z0-9./-]+:\\d+(\\.\\d+)+[-a-z0-9._]*");
    for (String name : compose.services()) {
      JsonNode s = compose.service(name);
      if (s.has("build")) {
        compose.dockerfile.stage(s.get("build").path("target").asText(null));
        continue;
      }
      assertThat(s.path("image").asText()).as(name + " image tag is pinned").matches(pinned);
    }
  }

  @Test
  void everyLongRunningServiceHasAHealthcheckAndDependenciesWaitForConditions() {
    List<String> oneShots = new ArrayList<>();
    for (String name : compose.services()) {
      JsonNode deps = compose.service(name).get("depends_on");
      if (deps == null) continue;
      assertThat(deps.isObject()).as(name + ": depends_on with conditions").isTrue();
      deps.fields()
          .forEachRemaining(
              d -> {
                assertThat(compose.services()).as(name + " depends on").contains(d.getKey());
                String condition = d.getValue().path("condition").asText();
                assertThat(condition)
                    .as(name + " -> " + d.getKey())
                    .isIn("service_healthy", "service_completed_successfully");
                if (condition.equals("service_completed_successfully")) oneShots.add(d.getKey());
                else
                  assertThat(compose.service(d.getKey()).has("healthcheck"))
                      .as(d.getKey() + " has the healthcheck " + name + " waits for")
                      .isTrue();
              });
    }
    for (String name : compose.services()) {
      if (oneShots.contains(name)) {
        assertThat(compose.service(name).path("restart").asText()).as(name).isEqualTo("no");
        continue;
      }
      assertThat(compose.service(name).has("healthcheck")).as(name + " has a healthcheck").isTrue();
    }
  }

  @Test
  void portsArePublishedOnLoopbackByDefault() {
    int published = 0;
    for (String name : compose.services()) {
      for (JsonNode p : compose.service(name).path("ports")) {
        assertThat(p.asText()).as(name + " port " + p).startsWith("127.0.0.1:");
        published++;
      }
    }
    assertThat(published).isGreaterThanOrEqualTo(3);
    assertThat(compose.dotEnv).containsEntry("PUBLISH_ADDRESS", "127.0.0.1");
  }

  @Test
  void secretsComeOnlyFromTheEnvFileAndAreRequired() throws Exception {
    Pattern secret = Pattern.compile(".*(PASSWORD|PWD|TOKEN|SECRET).*");
    Pattern required = Pattern.compile("\\$\\{([A-Z_]+):\\?[^}]+}");
    int secrets = 0;
    for (String name : compose.services()) {
      JsonNode env = compose.raw.get("services").get(name).get("environment");
      if (env == null) continue;
      for (var it = env.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!secret.matcher(e.getKey()).matches()) continue;
        secrets++;
        Matcher m = required.matcher(e.getValue().asText());
        assertThat(m.matches())
            .as(name + "." + e.getKey() + " = " + e.getValue() + " is ${VAR:?...} from .env")
            .isTrue();
        assertThat(compose.dotEnv).as(".env.example documents it").containsKey(m.group(1));
      }
    }
    assertThat(secrets).isGreaterThanOrEqualTo(8);
    // without .env, compose refuses to start rather than use a default password
    assertThatThrownBy(() -> ComposeProject.interpolate("${SHOP_DB_PASSWORD:?x}", Map.of()))
        .hasMessageContaining("SHOP_DB_PASSWORD");
    String init = Files.readString(ROOT.resolve("docker/postgres-init.sql"));
    assertThat(init).containsPattern("\\\\getenv \\w+ SHOP_DB_PASSWORD");
    assertThat(init).doesNotContainPattern("(?i)PASSWORD\\s+'");
    String spec = Files.readString(ROOT.resolve("docker/release/greenlight.yaml"));
    for (String value : compose.dotEnv.values()) assertThat(spec).doesNotContain(value);
    assertThat(Files.readString(ROOT.resolve(".gitignore")).lines()).contains(".env");
  }

  @Test
  void theDockerfileBuildsFromSourceAndShipsTheProductionJarOnlyAsNonRoot() throws Exception {
    Dockerfile df = compose.dockerfile;
    Dockerfile.Stage build = df.order().get(0);
    assertThat(build.from()).startsWith("maven:3.9").contains("eclipse-temurin-17");
    assertThat(String.join("\n", build.lines()))
        .contains("mvn -B -DskipTests package -pl dist -am");
    for (Dockerfile.Stage s : df.order()) {
      for (String l : s.lines()) {
        if (l.startsWith("COPY") && l.contains("dist/target"))
          assertThat(l).as("jars come from the build stage, not the host").contains("--from=build");
      }
    }
    Dockerfile.Stage worker = df.last();
    assertThat(worker.name()).isEqualTo("worker");
    List<String> workerLines = new ArrayList<>(worker.lines());
    workerLines.addAll(df.stage(worker.from()).lines());
    assertThat(String.join("\n", workerLines))
        .contains("dist/target/greenlight.jar")
        .doesNotContain("devstack")
        .doesNotContain("test-classes");
    assertThat(df.stage(worker.from()).from()).matches("eclipse-temurin:17\\.[0-9._]+-jre");
    for (String target : List.of("worker", "demo-app")) {
      Dockerfile.Stage s = df.stage(target);
      assertThat(s.user())
          .as(target + " USER")
          .isNotNull()
          .doesNotStartWith("root")
          .isNotEqualTo("0");
      assertThat(s.healthcheck()).as(target + " HEALTHCHECK").isNotBlank();
    }
    List<String> ignore = Files.readAllLines(ROOT.resolve(".dockerignore"));
    assertThat(ignore).contains("**/target", ".git", ".env");
    assertThat(compose.service("greenlight-worker").get("build").get("target").asText())
        .isEqualTo("worker");
  }

  @Test
  void everyArgvThatRunsGreenlightParsesWithTheCli() {
    List<List<String>> runs = new ArrayList<>();
    for (String name : compose.services()) {
      List<String> argv = compose.argv(name);
      if (argv.contains("/opt/greenlight/greenlight.jar") && argv.contains("-jar"))
        runs.add(cliArgs(argv));
      JsonNode test = compose.service(name).path("healthcheck").get("test");
      List<String> health = test == null ? List.of() : ComposeProject.healthcheckArgv(test);
      if (!health.isEmpty() && health.get(0).equals("greenlight"))
        runs.add(health.subList(1, health.size()));
    }
    String health = compose.dockerfile.stage("worker").healthcheck();
    assertThat(health).as("the worker image's HEALTHCHECK").isNotNull();
    runs.add(cliArgs(Dockerfile.execForm(health.substring(health.indexOf("CMD") + 3))));
    assertThat(runs).as("the worker, its healthchecks").hasSizeGreaterThanOrEqualTo(3);
    for (List<String> args : runs) {
      CommandLine cli = GreenlightCli.commandLine();
      List<CommandLine> parsed = cli.parseArgs(args.toArray(String[]::new)).asCommandLineList();
      assertThat(parsed.get(parsed.size() - 1).getCommandName())
          .as(String.join(" ", args))
          .isIn("worker", "list");
    }
    // what the stack used to do: arguments appended to java -jar that the CLI does not know
    assertThatThrownBy(
            () -> GreenlightCli.commandLine().parseArgs("--port", "8080", "--color", "blue"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  @Test
  void theShopContainersRunTheDemoAppWithArgumentsAndEnvironmentItAccepts() {
    for (String color : List.of("blue", "green")) {
      List<String> argv = compose.argv(color);
      int main = argv.indexOf(DemoApp.class.getName());
      assertThat(main).as(color + " runs the demo app: " + argv).isPositive();
      DemoConfig config =
          DemoConfig.parse(
              argv.subList(main + 1, argv.size()).toArray(String[]::new),
              compose.environment(color));
      assertThat(config.color()).isEqualTo(color);
      assertThat(config.bind()).isEqualTo("0.0.0.0");
      assertThat(config.deployToken()).isEqualTo(compose.dotEnv.get("DEMO_DEPLOY_TOKEN"));
      assertThat(config.dbPassword()).isEqualTo(compose.dotEnv.get("SHOP_DB_PASSWORD"));
    }
  }

  @Test
  void theReleaseSpecPassesValidate() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = GreenlightCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("validate", ROOT.resolve("docker/release/greenlight.yaml").toString());
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("ok: shop (router haproxy");
    assertThat(ROOT.resolve("docker/release/db/migration/V1__create_schema.sql")).exists();
  }

  @Test
  void everyEndpointTheDeployHooksCallExistsInTheDemoApp() throws Exception {
    String spec = Files.readString(ROOT.resolve("docker/release/greenlight.yaml"));
    Matcher m = Pattern.compile("-X (\\w+)\\s+http://(blue|green):8080(/[^\\s\"']*)").matcher(spec);
    String token = compose.dotEnv.get("DEMO_DEPLOY_TOKEN");
    Set<String> colors = new java.util.TreeSet<>();
    HttpClient http = HttpClient.newHttpClient();
    try (DemoApp app =
        DemoApp.start(
            new DemoConfig(
                0, "blue", "1.0.0", null, null, null, Set.of(), 20, 40, "127.0.0.1", token))) {
      while (m.find()) {
        colors.add(m.group(2));
        String path = m.group(3).replace("${VERSION}", "2.0.0");
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                    .method(m.group(1), HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(m.group(1) + " " + path + ": " + r.body()).isEqualTo(200);
        assertThat(app.version()).isEqualTo("2.0.0");
      }
    }
    assertThat(colors).containsExactly("blue", "green");
  }

  @Test
  void haproxyStartsWithUnresolvedBackendsAndTheWorkerReachesItsSocket() throws Exception {
    String cfg = Files.readString(ROOT.resolve("docker/haproxy.cfg"));
    assertThat(cfg)
        .containsPattern("(?m)^resolvers docker$")
        .containsPattern("(?m)^\\s+nameserver dns 127\\.0\\.0\\.11:53$")
        .containsPattern("(?m)^\\s+default-server .*init-addr [a-z,]*none.*resolvers docker");
    Matcher socket = Pattern.compile("stats socket (\\S+)/admin\\.sock").matcher(cfg);
    assertThat(socket.find()).isTrue();
    JsonNode haproxy = compose.service("haproxy");
    JsonNode worker = compose.service("greenlight-worker");
    String spec = Files.readString(ROOT.resolve("docker/release/greenlight.yaml"));
    String volume = mountOf(haproxy, socket.group(1));
    assertThat(volume).as("the socket's folder is a shared volume").isNotNull();
    String workerPath = mountPath(worker, volume);
    assertThat(spec).contains("socket: " + workerPath + "/admin.sock");
    assertThat(ComposeProject.strings(worker.get("group_add"))).contains("99");
    assertThat(worker.path("environment").has("SHOP_DB_PASSWORD")).isTrue();
  }

  private static String mountOf(JsonNode service, String path) {
    for (JsonNode v : service.path("volumes")) {
      String[] p = v.asText().split(":");
      if (p[1].equals(path)) return p[0];
    }
    return null;
  }

  private static String mountPath(JsonNode service, String volume) {
    for (JsonNode v : service.path("volumes")) {
      String[] p = v.asText().split(":");
      if (p[0].equals(volume)) return p[1];
    }
    return null;
  }

  private static List<String> cliArgs(List<String> argv) {
    int jar = argv.indexOf("/opt/greenlight/greenlight.jar");
    assertThat(argv.get(jar - 1)).isEqualTo("-jar");
    return argv.subList(jar + 1, argv.size());
  }
}
