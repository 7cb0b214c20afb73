package dev.greenlight.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/greenlight} in a copy of the repository's shape, with a {@code mvn} and a {@code java}
 * on the PATH that only record that they ran: it rebuilds when any source is newer than the jars,
 * says so in one line, and otherwise goes straight to java.
 */
class LauncherRebuildTest {
  private static final Path LAUNCHER = Path.of("..", "bin", "greenlight").toAbsolutePath();

  @TempDir Path root;
  private Path fakeBin;
  private Path log;

  @BeforeEach
  void repository() throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.copy(LAUNCHER, root.resolve("bin/greenlight"));
    executable(root.resolve("bin/greenlight"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.createDirectories(root.resolve("api/src/main/java"));
    Files.writeString(root.resolve("api/pom.xml"), "<project/>");
    Files.writeString(root.resolve("api/src/main/java/A.java"), "class A {}");
    Files.createDirectories(root.resolve("dist/target"));
    log = root.resolve("ran.log");
    fakeBin = Files.createDirectories(root.resolve("fake-bin"));
    // the fake build makes the jars new, as a real one would
    script(
        "mvn",
        "echo mvn >> '"
            + log
            + "'\ntouch '"
            + root
            + "/dist/target/greenlight.jar' '"
            + root
            + "/dist/target/greenlight-devstack.jar'");
    script("java", "echo java >> '" + log + "'");
    Instant past = Instant.now().minusSeconds(3600);
    for (String f : new String[] {"pom.xml", "api/pom.xml", "api/src/main/java/A.java"}) {
      Files.setLastModifiedTime(root.resolve(f), FileTime.from(past));
    }
    Files.writeString(root.resolve("dist/target/greenlight.jar"), "jar");
    Files.writeString(root.resolve("dist/target/greenlight-devstack.jar"), "jar");
  }

  @Test
  void upToDateJarsRunWithoutABuild() throws Exception {
    String err = launch();
    assertThat(err).isEmpty();
    assertThat(Files.readAllLines(log)).containsExactly("java");
  }

  @Test
  void aSourceNewerThanTheJarRebuildsAndSaysSoInOneLine() throws Exception {
    Files.setLastModifiedTime(
        root.resolve("api/src/main/java/A.java"), FileTime.from(Instant.now().plusSeconds(5)));
    String err = launch();
    assertThat(err.lines())
        .singleElement()
        .asString()
        .startsWith("greenlight: sources changed since the last build (api/src/main/java/A.java")
        .endsWith("rebuilding...");
    assertThat(Files.readAllLines(log)).containsExactly("mvn", "java");
  }

  @Test
  void aChangedPomRebuildsToo() throws Exception {
    Files.setLastModifiedTime(
        root.resolve("api/pom.xml"), FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(launch()).contains("api/pom.xml");
    assertThat(Files.readAllLines(log)).containsExactly("mvn", "java");
  }

  @Test
  void aMissingJarBuildsItFirst() throws Exception {
    Files.delete(root.resolve("dist/target/greenlight-devstack.jar"));
    assertThat(launch()).contains("building the distribution");
    assertThat(Files.readAllLines(log)).containsExactly("mvn", "java");
  }

  private String launch() throws IOException, InterruptedException {
    Path err = root.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(root.resolve("bin/greenlight").toString(), "--version")
            .redirectError(err.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("PATH", fakeBin + File.pathSeparator + System.getenv("PATH"));
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return Files.readString(err);
  }

  private void script(String name, String body) throws IOException {
    Path f = fakeBin.resolve(name);
    Files.writeString(f, "#!/bin/sh\n" + body + "\n");
    executable(f);
  }

  private static void executable(Path f) throws IOException {
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
