package dev.greenlight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars (runs after {@code package}): greenlight.jar, what the Dockerfile and {@code
 * greenlight worker} run in production, carries no development-only code; greenlight-devstack.jar
 * carries it, and plugs dev and demo into the same command line.
 */
class DistributionJarsIT {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path JAR = TARGET.resolve("greenlight.jar");
  private static final Path DEVSTACK_JAR = TARGET.resolve("greenlight-devstack.jar");
  private static final Path GOLDEN =
      Path.of("../workflows/src/test/resources/golden").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void theProductionJarHasNoTestServerNoZonkyAndNoPostgresBinaries() throws IOException {
    List<String> entries = entries(JAR);
    assertThat(entries)
        .contains(
            "dev/greenlight/Greenlight.class",
            "dev/greenlight/worker/WorkerCommand.class",
            "dev/greenlight/workflows/ReleaseWorkflowImpl.class");
    assertThat(entries)
        .as("the Temporal test server")
        .noneMatch(
            e ->
                e.startsWith("io/temporal/testserver/")
                    || e.startsWith("io/temporal/api/testservice/"))
        // temporal-serviceclient (the SDK itself) ships its in-process gRPC helper in this package;
        // the test server's own classes (TestWorkflowService, StateMachines, ...) must not be there
        .noneMatch(
            e ->
                e.startsWith("io/temporal/internal/testservice/")
                    && !e.endsWith("/")
                    && !e.matches(
                        "io/temporal/internal/testservice/"
                            + "(InProcessGRPCServer|GRPCServerHelper)\\b.*"));
    assertThat(entries)
        .as("zonky and PostgreSQL binaries")
        .noneMatch(e -> e.startsWith("io/zonky/"))
        .noneMatch(e -> e.matches("(?i).*postgres.*\\.txz"));
    assertThat(entries)
        .as("the development stack")
        .noneMatch(e -> e.startsWith("dev/greenlight/devstack/"))
        .noneMatch(e -> e.startsWith("demo/"));
  }

  @Test
  void theDevstackJarHasTheDevelopmentStackAndPlugsDevAndDemoIn() throws IOException {
    assertThat(DEVSTACK_JAR).as("built next to greenlight.jar").isRegularFile();
    List<String> entries = entries(DEVSTACK_JAR);
    assertThat(entries)
        .contains(
            "dev/greenlight/devstack/DevCommand.class",
            "dev/greenlight/devstack/demoapp/DemoApp.class",
            "io/temporal/testserver/TestServer.class",
            "demo/deploy.sh");
    assertThat(entries).anyMatch(e -> e.matches("postgres-linux-x86_64\\.txz"));
    assertThat(entries)
        .as("nothing of greenlight.jar twice")
        .noneMatch(e -> e.startsWith("dev/greenlight/cli/"));
    try (JarFile jar = new JarFile(DEVSTACK_JAR.toFile());
        InputStream in =
            jar.getInputStream(
                jar.getEntry("META-INF/services/dev.greenlight.client.cli.PluggableCommand"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("dev.greenlight.devstack.DevCommand")
          .contains("dev.greenlight.devstack.DemoCommand");
    }
  }

  @Test
  void theProductionJarAloneReplaysHistoriesAndSaysDevNeedsTheDevstackJar() throws Exception {
    Run replay = run(List.of("-jar", JAR.toString(), "audit", "replay", GOLDEN.toString()));
    assertThat(replay.exit).as(replay.toString()).isZero();
    long count;
    try (var files = java.nio.file.Files.list(GOLDEN)) {
      count = files.filter(f -> f.toString().endsWith(".json")).count();
    }
    assertThat(count).isGreaterThanOrEqualTo(14); // releases, undos and the app's own workflow
    assertThat(replay.out).contains(count + " of " + count + " histories replay");

    // a real replay: a history whose first activity the code does not schedule fails it
    ObjectNode history =
        (ObjectNode) new ObjectMapper().readTree(GOLDEN.resolve("succeeded.json").toFile());
    for (JsonNode event : history.get("events")) {
      JsonNode scheduled = event.get("activityTaskScheduledEventAttributes");
      if (scheduled != null) {
        ((ObjectNode) scheduled.get("activityType")).put("name", "NotAnActivityOfThisCode");
        break;
      }
    }
    Path tampered = dir.resolve("tampered.json");
    new ObjectMapper().writeValue(tampered.toFile(), history);
    Run broken = run(List.of("-jar", JAR.toString(), "audit", "replay", tampered.toString()));
    assertThat(broken.exit).as(broken.toString()).isEqualTo(1);
    assertThat(broken.out).contains("FAIL  " + tampered + ": non-deterministic");

    Run help = run(List.of("-jar", JAR.toString(), "--help"));
    assertThat(help.exit).as(help.toString()).isZero();
    assertThat(help.out).containsPattern("(?s)worker.*dev .*demo .*validate.*start.*audit");

    Run dev = run(List.of("-jar", JAR.toString(), "dev"));
    assertThat(dev.exit).as(dev.toString()).isEqualTo(2);
    assertThat(dev.err).contains("greenlight-devstack.jar");
  }

  @Test
  void withTheDevstackJarDevAndDemoAreTheRealCommands() throws Exception {
    String classpath = JAR + ":" + DEVSTACK_JAR;
    Run help = run(List.of("-cp", classpath, Greenlight.class.getName(), "demo", "--help"));
    assertThat(help.exit).as(help.toString()).isZero();
    assertThat(help.out).contains("--database-url").contains("--work-dir");
  }

  private static List<String> entries(Path jar) throws IOException {
    assertThat(jar).as(jar + " (mvn -B -DskipTests package)").isRegularFile();
    List<String> out = new ArrayList<>();
    try (JarFile f = new JarFile(jar.toFile())) {
      f.stream().map(ZipEntry::getName).forEach(out::add);
    }
    return out;
  }

  private record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Run run(List<String> args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
    command.addAll(args);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not end within 2 minutes");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
