package dev.greenlight.cli;

import dev.greenlight.api.model.Decision;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every operator command shares: {@code -h/--help}, output through picocli's writers (so tests
 * and callers can capture it), and a quiet log so stdout carries only the command's answer.
 */
abstract class OperatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public final Integer call() throws Exception {
    CliLogging.quiet();
    try {
      return run();
    } finally {
      out().flush();
      err().flush();
    }
  }

  /** Does the work; returns the exit code, or throws what {@link FailureReporter} maps to one. */
  protected abstract int run() throws Exception;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** A usage mistake found after parsing (exit 2). */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Rejects a blank value given to an option (picocli accepts {@code --reason ""}). */
  String required(String option, String value) {
    if (value == null || value.isBlank()) throw usage(option + ": must not be empty");
    return value.trim();
  }

  /** A comment or reason the workflow would refuse as too long is a usage mistake (exit 2). */
  String bounded(String option, String text) {
    String why = Decision.textProblem(text);
    if (why != null) throw usage(option + ": " + why);
    return text;
  }
}
