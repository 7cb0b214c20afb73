package dev.greenlight.cli;

import dev.greenlight.client.ConnectionSettings;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.Connector;
import dev.greenlight.worker.WorkerCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code greenlight}: the top command, and the tree of every command. Its subcommands do the work;
 * alone it prints the usage.
 */
@Command(
    name = "greenlight",
    mixinStandardHelpOptions = true,
    versionProvider = GreenlightCommand.Version.class,
    description = "Blue-green releases as durable Temporal workflows.",
    // dev and demo are plugged in by GreenlightCli when greenlight-devstack.jar is on the class
    // path
    subcommands = {
      WorkerCommand.class,
      ValidateCommand.class,
      LintMigrationsCommand.class,
      StartCommand.class,
      StatusCommand.class,
      ListCommand.class,
      WatchCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      AbortCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      AuditCommand.class,
      CodecServerCommand.class,
      UndoCommand.class,
      AppCommand.class,
      PromoteCommand.class,
      RetryCommand.class
    },
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; for watch and start --follow: the release SUCCEEDED",
      "1:the release ended otherwise (watch, start --follow), or an unexpected error",
      "2:bad usage or an invalid spec (every problem on stderr); nothing was started",
      "3:conflict: a release of this app is already running (its id on stderr)",
      "4:refused: understood and not allowed (the reason on stderr); nothing changed",
      "5:Temporal unreachable, or it refused the connection (TLS handshake, credentials)"
    },
    footer = {"%nEvery command has --help. Docs: docs/CLI.md"})
public final class GreenlightCommand implements Runnable, Connector {
  private final Connector connector;

  @Spec CommandSpec spec;

  /** Commands connect to the real Temporal at --temporal. */
  public GreenlightCommand() {
    this(Connector.DIRECT);
  }

  /** Commands open their connection through {@code connector} (tests, an embedded stack). */
  public GreenlightCommand(Connector connector) {
    this.connector = connector;
  }

  /** How every subcommand's {@link dev.greenlight.client.cli.ConnectionOptions} connects. */
  @Override
  public TemporalConnection open(String address, String namespace, String taskQueue) {
    return connector.open(address, namespace, taskQueue);
  }

  @Override
  public TemporalConnection open(ConnectionSettings settings) {
    return connector.open(settings);
  }

  @Override
  public TemporalConnection open(ConnectionSettings settings, java.time.Duration patience) {
    return connector.open(settings, patience);
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: say what to do, e.g. greenlight start SPEC --version V");
  }

  /** The version Maven wrote into version.properties at build time. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = GreenlightCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) p.load(in);
      }
      return new String[] {"greenlight " + p.getProperty("version", "(development build)")};
    }
  }
}
