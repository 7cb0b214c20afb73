package dev.greenlight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.cli.GreenlightCli;
import dev.greenlight.testkit.DelayProxy;
import dev.greenlight.testkit.FreePort;
import io.temporal.testserver.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dev} and {@code demo} reach Temporal with the same connection options as every other
 * command: a TLS setting reaches their connection, and a wrong or unusable one fails as it does for
 * {@code status} (exit 5 or 2, one line), before anything else starts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DevStackConnectionTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private static Run cli(String... args) {
    CommandLine cli = GreenlightCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void demoWithTlsToAPlaintextTemporalExits5AsEveryCommandDoes() throws Exception {
    int port = FreePort.find();
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port)) {
      String address = "127.0.0.1:" + port;
      for (String command : new String[] {"demo", "dev"}) {
        Run run =
            cli(
                command,
                "--temporal",
                address,
                "--tls",
                "--work-dir",
                dir.resolve(command).toString(),
                // a database that is not there: only reached if the connection were plaintext
                "--database-url",
                "jdbc:postgresql://127.0.0.1:" + FreePort.find() + "/shop");
        Run status = cli("status", "shop-1-abcd", "--temporal", address, "--tls");

        assertThat(run.exit()).as(command + " " + run).isEqualTo(5);
        assertThat(run.err().lines().toList()).as(run.toString()).hasSize(1);
        assertThat(run.err()).isEqualTo(status.err()).contains("does not speak TLS");
      }
    }
  }

  @Test
  void aTemporalThatNeverAnswersTheHandshakeExits5AfterTheConnectTimeout() throws Exception {
    try (DelayProxy hole = DelayProxy.blackhole()) {
      Run run =
          cli(
              "dev",
              "--no-worker",
              "--temporal",
              hole.address(),
              "--tls",
              "--connect-timeout",
              "2s",
              "--work-dir",
              dir.toString());

      assertThat(run.exit()).as(run.toString()).isEqualTo(5);
      assertThat(run.err().lines().toList()).as(run.toString()).hasSize(1);
      assertThat(run.err()).contains(hole.address(), "no answer within 2s");
    }
  }

  @Test
  void anUnusableSettingIsBadUsageBeforeAnythingStarts() {
    Run run =
        cli(
            "demo",
            "--tls-cert-path",
            dir.resolve("missing.pem").toString(),
            "--tls-key-path",
            dir.resolve("missing.key").toString(),
            "--work-dir",
            dir.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--tls-cert-path").contains("missing.pem");
  }
}
