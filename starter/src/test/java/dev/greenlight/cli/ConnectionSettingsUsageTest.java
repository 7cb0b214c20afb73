package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection setting that cannot be used is bad usage: exit 2, naming it, nothing sent. */
class ConnectionSettingsUsageTest {
  @TempDir Path dir;

  @Test
  void anUnreadableCertificateNamesTheOption() {
    CliRun run = CliRun.of(null, "list", "--tls-cert-path", "/nope/client.pem");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("--tls-cert-path (or TEMPORAL_TLS_CLIENT_CERT_PATH): cannot read")
        .contains("/nope/client.pem");
  }

  @Test
  void aCertificateWithoutItsKey() throws Exception {
    Path cert = Files.writeString(dir.resolve("client.pem"), "not used");
    CliRun run = CliRun.of(null, "status", "x", "--tls-cert-path", cert.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).startsWith("--tls-cert-path is set but --tls-key-path");
  }

  @Test
  void aMalformedGrpcMeta() {
    CliRun run = CliRun.of(null, "list", "--grpc-meta", "no-equals-sign");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).startsWith("--grpc-meta: 'no-equals-sign' is not KEY=VALUE");
  }
}
