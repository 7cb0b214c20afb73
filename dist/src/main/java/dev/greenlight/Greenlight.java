package dev.greenlight;

import dev.greenlight.cli.GreenlightCli;
import dev.greenlight.worker.WorkerCommand;
import java.util.List;

/** The {@code greenlight} command: the operator CLI plus the worker-side commands. */
public final class Greenlight {
  private Greenlight() {}

  public static void main(String[] args) {
    System.exit(GreenlightCli.commandLine(List.of(new WorkerCommand())).execute(args));
  }
}
