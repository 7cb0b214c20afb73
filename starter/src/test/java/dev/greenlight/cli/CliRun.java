package dev.greenlight.cli;

import dev.greenlight.client.cli.Connector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One run of the command line with its stdout, stderr and exit code captured. */
record CliRun(int exit, String out, String err) {

  static CliRun of(Connector connector, String... args) {
    CommandLine cli =
        connector == null ? GreenlightCli.commandLine() : GreenlightCli.commandLine(connector);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  List<String> errLines() {
    return err.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
