package dev.greenlight.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flag &gt; environment &gt; profile &gt; default, as in the Temporal CLI; no secret shown. */
class ConnectionSettingsTest {
  @TempDir Path dir;

  private static ConnectionSettings.Flags flags(
      String address, Boolean tls, String apiKey, String profile, String identity) {
    return new ConnectionSettings.Flags(
        address, null, null, tls, null, null, null, null, null, apiKey, List.of(), profile,
        identity);
  }

  private Path config() throws Exception {
    Path file = dir.resolve("temporal.toml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "[profile.default]",
            "address = \"default-profile:7233\"",
            "[profile.prod]",
            "address = \"prod.example:7233\"",
            "namespace = \"payments\"",
            "api_key = \"profile-key-123\"",
            ""));
    return file;
  }

  @Test
  void defaultsWithoutAnything() {
    ConnectionSettings s =
        ConnectionSettings.resolve(flags(null, null, null, null, null), Map.of(), "me");
    assertThat(s.address()).isEqualTo("127.0.0.1:7233");
    assertThat(s.namespace()).isEqualTo("default");
    assertThat(s.taskQueue()).isEqualTo("greenlight");
    assertThat(s.identity()).isEqualTo("me");
    assertThat(s.tls()).isFalse();
  }

  @Test
  void aProfileGivesAddressNamespaceAndKeyAndTheKeyTurnsTlsOn() throws Exception {
    Map<String, String> env = Map.of("TEMPORAL_CONFIG_FILE", config().toString());
    ConnectionSettings s =
        ConnectionSettings.resolve(flags(null, null, null, "prod", null), env, "me");
    assertThat(s.address()).isEqualTo("prod.example:7233");
    assertThat(s.namespace()).isEqualTo("payments");
    assertThat(s.hasApiKey()).isTrue();
    assertThat(s.tls()).isTrue();
    assertThat(s.toString()).contains("API key set").doesNotContain("profile-key-123");
  }

  @Test
  void theEnvironmentBeatsTheProfileAndAFlagBeatsBoth() throws Exception {
    Map<String, String> env =
        Map.of(
            "TEMPORAL_CONFIG_FILE", config().toString(),
            "TEMPORAL_PROFILE", "prod",
            "TEMPORAL_ADDRESS", "env.example:7233");
    assertThat(ConnectionSettings.resolve(flags(null, null, null, null, null), env, "me").address())
        .isEqualTo("env.example:7233");
    assertThat(
            ConnectionSettings.resolve(
                    flags("flag.example:7233", null, null, null, null), env, "me")
                .address())
        .isEqualTo("flag.example:7233");
  }

  @Test
  void tlsFalseKeepsAnApiKeyInPlaintext() {
    ConnectionSettings env =
        ConnectionSettings.resolve(
            flags(null, null, null, null, null),
            Map.of("TEMPORAL_API_KEY", "k", "TEMPORAL_TLS", "false"),
            "me");
    ConnectionSettings flag =
        ConnectionSettings.resolve(flags(null, false, "k", null, null), Map.of(), "me");
    assertThat(env.tls()).isFalse();
    assertThat(flag.tls()).isFalse();
    assertThat(env.hasApiKey()).isTrue();
  }

  @Test
  void anUnreadableCertificateIsNamed() {
    ConnectionSettings.Flags f =
        new ConnectionSettings.Flags(
            null,
            null,
            null,
            null,
            "/nope/client.pem",
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            null);
    assertThatThrownBy(() -> ConnectionSettings.resolve(f, Map.of(), "me"))
        .hasMessageStartingWith("--tls-cert-path (or TEMPORAL_TLS_CLIENT_CERT_PATH): cannot read")
        .hasMessageContaining("/nope/client.pem");
  }

  @Test
  void aMissingProfileIsNamed() throws Exception {
    Map<String, String> env = Map.of("TEMPORAL_CONFIG_FILE", config().toString());
    assertThatThrownBy(
            () -> ConnectionSettings.resolve(flags(null, null, null, "nope", null), env, "me"))
        .hasMessageStartingWith("--profile nope:");
  }

  @Test
  void defaultIdentities() {
    assertThat(ConnectionSettings.cliIdentity())
        .startsWith("greenlight-cli:" + System.getProperty("user.name") + "@");
    assertThat(ConnectionSettings.workerIdentity())
        .startsWith("greenlight-worker:")
        .endsWith(":" + ProcessHandle.current().pid());
  }
}
