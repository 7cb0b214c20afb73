package dev.greenlight;

import dev.greenlight.cli.GreenlightCli;
import dev.greenlight.devstack.DemoCommand;
import dev.greenlight.devstack.DevCommand;
import dev.greenlight.worker.WorkerCommand;
import java.util.List;

/** The {@code greenlight} command: the operator CLI plus the worker-side commands. */
public final class Greenlight {
  private Greenlight() {}

  public static void main(String[] args) {
    int code = 1;
    try {
      code = GreenlightCli.commandLine(List.of(new WorkerCommand(), new DevCommand(), new DemoCommand())).execute(args);
    } catch (Throwable t) {
      // an Error escaping picocli must still end the process: embedded servers hold non-daemon threads
      System.err.println("greenlight: unexpected failure: " + t);
      if (System.getenv("GREENLIGHT_DEBUG") != null) t.printStackTrace();
    } finally {
      System.exit(code);
    }
  }
}
