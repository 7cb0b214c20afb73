package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.testkit.FreePort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nothing listens at --temporal: exit 5 and one plain line, never a stack trace. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnreachableTemporalTest {
  @TempDir Path dir;

  @Test
  void everyCommandThatTalksToTemporalExits5WithOneLine() throws Exception {
    String address = "127.0.0.1:" + FreePort.find();
    String spec = Specs.good(dir, "shop").toString();
    List<String[]> commands =
        List.of(
            new String[] {"status", "shop-1-abcd", "--temporal", address},
            new String[] {
              "start", spec, "--version", "1.0", "--as", "carol", "--temporal", address
            },
            new String[] {"approve", "shop-1-abcd", "--as", "alice", "--temporal", address},
            new String[] {"list", "--all", "--temporal", address});
    for (String[] args : commands) {
      CliRun run = CliRun.of(null, args);

      assertThat(run.exit()).as(String.join(" ", args) + "\n" + run).isEqualTo(5);
      assertThat(run.out()).isEmpty();
      assertThat(run.errLines()).hasSize(1);
      assertThat(run.err()).contains("Temporal is unreachable at " + address, "--temporal");
    }
  }

  @Test
  void theRealProcessPrintsNoStackTraceEither() throws Exception {
    String address = "127.0.0.1:" + FreePort.find();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GreenlightCli.class.getName(),
                "list",
                "--temporal",
                address)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("the CLI gave up in time").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(err).isEqualTo(5);
    assertThat(out).isEmpty();
    assertThat(err.lines().toList()).as(err).hasSize(1);
    assertThat(err)
        .startsWith("Temporal is unreachable at " + address)
        .doesNotContain("\tat ", "Exception");
  }

  @Test
  void aMalformedAddressIsBadUsage() {
    CliRun run = CliRun.of(null, "status", "x", "--temporal", "localhost");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("--temporal: 'localhost' is not HOST:PORT");
  }
}
