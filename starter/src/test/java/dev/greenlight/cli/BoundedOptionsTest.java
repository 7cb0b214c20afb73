package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.client.cli.Connector;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names, comments and reasons the workflow would refuse as too long or unsafe are usage mistakes:
 * exit 2 naming the option, before anything is sent to Temporal.
 */
class BoundedOptionsTest {
  @TempDir Path dir;

  private final AtomicInteger connections = new AtomicInteger();

  /** Counts connection attempts: a refused command must not get that far. */
  private final Connector nothingSent =
      (address, namespace, queue) -> {
        connections.incrementAndGet();
        throw new AssertionError("nothing may be sent for a bad option");
      };

  private CliRun cli(String... args) {
    return CliRun.of(nothingSent, args);
  }

  @Test
  void anOverlongOrUnsafeNameIsBadUsageOnEveryCommand() throws Exception {
    String longName = "a".repeat(65);
    String spec = Specs.good(dir, "shop").toString();

    CliRun approve = cli("approve", "shop-1.0.0-abcd", "--as", longName);
    CliRun reject = cli("reject", "shop-1.0.0-abcd", "--as", "bob\u001b[2J", "--reason", "no");
    CliRun abort = cli("abort", "shop-1.0.0-abcd", "--as", "bob\nforged", "--reason", "no");
    CliRun start = cli("start", spec, "--version", "1.0.0", "--as", longName);

    assertThat(approve.exit()).as(approve.toString()).isEqualTo(2);
    assertThat(approve.err())
        .startsWith("--as: longer than 64 characters")
        .doesNotContain(longName);
    assertThat(reject.exit()).as(reject.toString()).isEqualTo(2);
    assertThat(reject.err()).startsWith("--as: must be letters, digits").doesNotContain("\u001b");
    assertThat(abort.exit()).as(abort.toString()).isEqualTo(2);
    assertThat(start.exit()).as(start.toString()).isEqualTo(2);
    assertThat(start.err()).startsWith("--as: longer than 64 characters");
    assertThat(connections).hasValue(0);
  }

  @Test
  void anOverlongCommentOrReasonIsBadUsage() {
    String text = "x".repeat(1001);

    CliRun approve = cli("approve", "shop-1.0.0-abcd", "--as", "alice", "--comment", text);
    CliRun reject = cli("reject", "shop-1.0.0-abcd", "--as", "bob", "--reason", text);
    CliRun abort = cli("abort", "shop-1.0.0-abcd", "--as", "bob", "--reason", text);

    assertThat(approve.exit()).as(approve.toString()).isEqualTo(2);
    assertThat(approve.err()).startsWith("--comment: longer than 1000 characters");
    assertThat(reject.exit()).isEqualTo(2);
    assertThat(reject.err()).startsWith("--reason: longer than 1000 characters");
    assertThat(abort.exit()).isEqualTo(2);
    assertThat(abort.err()).startsWith("--reason: longer than 1000 characters");
    assertThat(connections).hasValue(0);
  }
}
