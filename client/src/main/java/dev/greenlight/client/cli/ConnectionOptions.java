package dev.greenlight.client.cli;

import dev.greenlight.client.ConnectionSettings;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.codec.CodecKeys;
import dev.greenlight.client.codec.PayloadEncryption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where and how to reach Temporal, for every command that talks to it: the operator commands and
 * {@code worker}, {@code dev}, {@code demo}. Mix it in with {@code @Mixin ConnectionOptions
 * connection}. The names are the Temporal CLI's; precedence is flag &gt; environment &gt; profile
 * &gt; default ({@link ConnectionSettings#resolve}).
 */
public final class ConnectionOptions {
  @Option(
      names = "--temporal",
      paramLabel = "HOST:PORT",
      description =
          "Temporal frontend (env "
              + TemporalConnection.ADDRESS_ENV
              + ", or the profile's address; default: "
              + TemporalConnection.DEFAULT_ADDRESS
              + ").")
  private String address;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description =
          "Temporal namespace (env "
              + TemporalConnection.NAMESPACE_ENV
              + ", or the profile's; default: "
              + TemporalConnection.DEFAULT_NAMESPACE
              + ").")
  private String namespace;

  @Option(
      names = "--task-queue",
      paramLabel = "Q",
      description =
          "Task queue the workers poll (env "
              + TemporalConnection.TASK_QUEUE_ENV
              + "; default: "
              + TemporalConnection.DEFAULT_TASK_QUEUE
              + ").")
  private String taskQueue;

  @Option(
      names = "--tls",
      arity = "0..1",
      paramLabel = "true|false",
      description = "Connect with TLS (env " + ConnectionSettings.TLS_ENV + ").")
  private Boolean tls;

  @Option(
      names = "--tls-cert-path",
      paramLabel = "FILE",
      description = "Client certificate, PEM, for mTLS (env " + ConnectionSettings.CERT_ENV + ").")
  private String certPath;

  @Option(
      names = "--tls-key-path",
      paramLabel = "FILE",
      description = "Its private key, PEM (env " + ConnectionSettings.KEY_ENV + ").")
  private String keyPath;

  @Option(
      names = "--tls-ca-path",
      paramLabel = "FILE",
      description =
          "CA that signed the server's certificate, PEM (env " + ConnectionSettings.CA_ENV + ").")
  private String caPath;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description =
          "Name the server's certificate must carry (env "
              + ConnectionSettings.SERVER_NAME_ENV
              + ").")
  private String serverName;

  @Option(
      names = "--tls-disable-host-verification",
      description = "Accept any server certificate (testing only).")
  private Boolean disableHostVerification;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "API key, sent as 'authorization: Bearer KEY'; turns TLS on unless --tls=false (env "
              + ConnectionSettings.API_KEY_ENV
              + "). Prefer the variable: a flag shows in the process list.")
  private String apiKey;

  @Option(
      names = "--grpc-meta",
      paramLabel = "KEY=VALUE",
      description = "gRPC header sent with every call (repeatable).")
  private List<String> grpcMeta = new ArrayList<>();

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Profile of the Temporal CLI's TOML config (env "
              + ConnectionSettings.PROFILE_ENV
              + "; file: env "
              + ConnectionSettings.CONFIG_FILE_ENV
              + ", default ~/.config/temporalio/temporal.toml).")
  private String profile;

  @Option(
      names = "--identity",
      paramLabel = "ID",
      description =
          "Who sends the commands, as the history records it (default:"
              + " greenlight-cli:USER@HOST; for worker greenlight-worker:HOST:PID).")
  private String identity;

  @Option(
      names = CodecKeys.OPTION,
      paramLabel = "FILE",
      description = {
        "Encrypt payloads (AES-256-GCM) with the keys in FILE: id=base64key lines,"
            + " the first encrypts, all decrypt (env "
            + CodecKeys.ENV
            + "; default: off)."
      })
  private Path codecKeyFile;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      description = {
        "How long to keep trying a Temporal that is slow to answer before exit 5 (env "
            + TemporalConnection.PATIENCE_ENV
            + "; default: 30s).",
        "A refused port or a TLS or credentials refusal fails at once."
      })
  private String connectTimeout;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  private ConnectionSettings resolved;

  public String address() {
    return settings().address();
  }

  /**
   * Uses {@code hostPort} as if {@code --temporal} had given it (for {@code dev}/{@code demo}'s
   * {@code --temporal-port}); a null changes nothing.
   */
  public void overrideAddress(String hostPort) {
    if (hostPort == null || hostPort.equals(address)) return;
    address = hostPort;
    resolved = null;
  }

  public String namespace() {
    return settings().namespace();
  }

  public String taskQueue() {
    return settings().taskQueue();
  }

  /**
   * The resolved settings (CLI identity by default).
   *
   * @throws ParameterException when a setting is unusable (exit 2)
   */
  public ConnectionSettings settings() {
    return settings(ConnectionSettings.cliIdentity());
  }

  private ConnectionSettings settings(String defaultIdentity) {
    if (resolved == null || (identity == null && !resolved.identity().equals(defaultIdentity))) {
      try {
        resolved =
            ConnectionSettings.resolve(
                new ConnectionSettings.Flags(
                    address,
                    namespace,
                    taskQueue,
                    tls,
                    certPath,
                    keyPath,
                    caPath,
                    serverName,
                    disableHostVerification,
                    apiKey,
                    grpcMeta,
                    profile,
                    identity),
                System.getenv(),
                defaultIdentity);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(mixee.commandLine(), e.getMessage());
      }
    }
    return resolved;
  }

  /**
   * Opens the connection through the root command when it is a {@link Connector} (the {@code
   * greenlight} command is; tests give it their own), else connects and proves Temporal answers.
   *
   * @throws ParameterException when {@code --temporal} is not HOST:PORT or a setting is unusable
   *     (exit 2)
   * @throws dev.greenlight.client.TemporalUnreachableException when nothing answers, the TLS
   *     handshake fails or the credentials are refused (exit 5)
   */
  public TemporalConnection open() {
    return open(ConnectionSettings.cliIdentity());
  }

  /** As {@link #open()}, as a worker ({@code greenlight-worker:HOST:PID} unless --identity). */
  public TemporalConnection openAsWorker() {
    return open(ConnectionSettings.workerIdentity());
  }

  private TemporalConnection open(String defaultIdentity) {
    ConnectionSettings s = settings(defaultIdentity);
    if (!s.address().matches(".+:\\d+")) {
      throw new ParameterException(
          mixee.commandLine(),
          "--temporal: '"
              + s.address()
              + "' is not HOST:PORT (e.g. "
              + TemporalConnection.DEFAULT_ADDRESS
              + ")");
    }
    Optional<CodecKeys> keys = codecKeys(); // a bad key file is found before connecting
    Connector connector =
        mixee.root().userObject() instanceof Connector root ? root : Connector.DIRECT;
    TemporalConnection connection = connector.open(s, patience());
    // without keys nothing is encrypted, and an encrypted payload is an error naming its key
    return connection.withDataConverter(PayloadEncryption.reader(keys.orElse(null)));
  }

  /**
   * {@code --connect-timeout}, else {@code GREENLIGHT_CONNECT_TIMEOUT}, else 30s.
   *
   * @throws ParameterException when it is not a duration of at least 1s (exit 2)
   */
  public Duration patience() {
    try {
      return connectTimeout == null
          ? TemporalConnection.defaultPatience()
          : TemporalConnection.patience("--connect-timeout", connectTimeout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage());
    }
  }

  /**
   * The keys of {@code --codec-key-file}, else of {@code GREENLIGHT_CODEC_KEYS}; empty: payloads
   * stay plaintext.
   *
   * @throws ParameterException when the file does not parse (exit 2), naming file and line
   */
  public Optional<CodecKeys> codecKeys() {
    return CodecOptions.load(codecKeyFile, mixee);
  }
}
