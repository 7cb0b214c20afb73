package dev.greenlight.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.testkit.FreePort;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build makes the class-data-sharing archive next to the jars, and {@code bin/greenlight} runs
 * the CLI with it: an operator command's classes (the command, gRPC) come from the archive.
 */
class CdsArchiveIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path TARGET = ROOT.resolve("dist/target");

  @TempDir Path dir;

  @Test
  void theBuildMakesTheArchiveNewerThanBothJars() throws IOException {
    Path archive = TARGET.resolve("greenlight-cds.jsa");
    assertThat(archive).exists();
    assertThat(Files.size(archive)).isGreaterThan(1_000_000);
    for (String jar : List.of("greenlight.jar", "greenlight-devstack.jar")) {
      assertThat(Files.getLastModifiedTime(archive))
          .as("the archive against %s", jar)
          .isGreaterThan(Files.getLastModifiedTime(TARGET.resolve(jar)));
    }
  }

  @Test
  void theLauncherLoadsAnOperatorCommandFromTheArchive() throws Exception {
    String loaded = classLoads(Map.of());
    assertThat(loaded)
        .contains("dev.greenlight.cli.StatusCommand source: shared objects file")
        .contains("io.grpc.internal.ManagedChannelImpl source: shared objects file");
  }

  @Test
  void withCdsOffTheSameClassesComeFromTheJar() throws Exception {
    String loaded = classLoads(Map.of("GREENLIGHT_CDS", "off"));
    assertThat(loaded)
        .contains("dev.greenlight.cli.StatusCommand source: file:")
        .doesNotContain("source: shared objects file (top)");
  }

  /** The class-load log of {@code greenlight status} against a port where no Temporal listens. */
  private String classLoads(Map<String, String> env) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                ROOT.resolve("bin/greenlight").toString(),
                "status",
                "cds-it-1-abcd",
                "--temporal",
                "127.0.0.1:" + FreePort.find(),
                "--connect-timeout",
                "1s")
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("GREENLIGHT_JAVA_OPTS", "-Xlog:class+load");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("greenlight status ended").isTrue();
    assertThat(p.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isEqualTo(5);
    assertThat(Files.readString(err)).contains("127.0.0.1");
    return Files.readString(out);
  }
}
