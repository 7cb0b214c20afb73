package dev.greenlight.client.cli;

import dev.greenlight.client.TemporalConnection;
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
    Connector connector =
        mixee.root().userObject() instanceof Connector root ? root : TemporalConnection::connect;
    return connector.open(address, namespace, taskQueue);
  }
}
