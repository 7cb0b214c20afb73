package dev.greenlight.client.cli;

import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.codec.CodecKeys;
import dev.greenlight.client.codec.PayloadEncryption;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --temporal}, {@code --namespace}, {@code --task-queue}, with the env var defaults, for
 * every command that talks to Temporal: the operator commands and {@code worker}, {@code dev},
 * {@code demo}. Mix it in with {@code @Mixin ConnectionOptions connection}.
 */
public final class ConnectionOptions {
  @Option(
      names = "--temporal",
      paramLabel = "HOST:PORT",
      defaultValue =
          "${env:"
              + TemporalConnection.ADDRESS_ENV
              + ":-"
              + TemporalConnection.DEFAULT_ADDRESS
              + "}",
      description =
          "Temporal frontend (env "
              + TemporalConnection.ADDRESS_ENV
              + "; default: ${DEFAULT-VALUE}).")
  private String address;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      defaultValue =
          "${env:"
              + TemporalConnection.NAMESPACE_ENV
              + ":-"
              + TemporalConnection.DEFAULT_NAMESPACE
              + "}",
      description =
          "Temporal namespace (env "
              + TemporalConnection.NAMESPACE_ENV
              + "; default: ${DEFAULT-VALUE}).")
  private String namespace;

  @Option(
      names = "--task-queue",
      paramLabel = "Q",
      defaultValue =
          "${env:"
              + TemporalConnection.TASK_QUEUE_ENV
              + ":-"
              + TemporalConnection.DEFAULT_TASK_QUEUE
              + "}",
      description =
          "Task queue the workers poll (env "
              + TemporalConnection.TASK_QUEUE_ENV
              + "; default: ${DEFAULT-VALUE}).")
  private String taskQueue;

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

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  public String taskQueue() {
    return taskQueue;
  }

  /**
   * Opens the connection through the root command when it is a {@link Connector} (the {@code
   * greenlight} command is; tests give it their own), else connects and proves Temporal answers.
   *
   * @throws ParameterException when {@code --temporal} is not HOST:PORT (exit 2)
   * @throws dev.greenlight.client.TemporalUnreachableException when nothing answers (exit 5)
   */
  public TemporalConnection open() {
    if (!address.matches(".+:\\d+")) {
      throw new ParameterException(
          mixee.commandLine(),
          "--temporal: '"
              + address
              + "' is not HOST:PORT (e.g. "
              + TemporalConnection.DEFAULT_ADDRESS
              + ")");
    }
    Optional<CodecKeys> keys = codecKeys(); // a bad key file is found before connecting
    Connector connector =
        mixee.root().userObject() instanceof Connector root ? root : TemporalConnection::connect;
    TemporalConnection connection = connector.open(address, namespace, taskQueue);
    // without keys nothing is encrypted, and an encrypted payload is an error naming its key
    return connection.withDataConverter(PayloadEncryption.reader(keys.orElse(null)));
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
