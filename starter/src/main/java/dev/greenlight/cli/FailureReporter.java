package dev.greenlight.cli;

import dev.greenlight.api.spec.SpecException;
import dev.greenlight.client.ConflictException;
import dev.greenlight.client.RefusedException;
import dev.greenlight.client.TemporalUnreachableException;
import dev.greenlight.client.codec.CodecKeyException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns what went wrong into the contract's exit code and a message on stderr. A user mistake or an
 * unreachable Temporal never shows a stack trace; an unexpected error shows one line (the stack
 * only with GREENLIGHT_DEBUG=1).
 */
final class FailureReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final String DEBUG_ENV = "GREENLIGHT_DEBUG";

  static boolean debug() {
    return "1".equals(System.getenv(DEBUG_ENV));
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(TerminalText.line(ex.getMessage()));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    try {
      return report(ex, err);
    } finally {
      err.flush();
    }
  }

  private static boolean refusal(Status status) {
    return status.getCode() == Status.Code.PERMISSION_DENIED
        || status.getCode() == Status.Code.UNAUTHENTICATED;
  }

  private static int report(Exception ex, PrintWriter err) {
    if (ex instanceof SpecException spec) {
      spec.problems().forEach(p -> err.println(TerminalText.line(p)));
      return ExitCodes.USAGE;
    }
    if (ex instanceof ConflictException conflict) {
      err.println(TerminalText.line("conflict: " + conflict.getMessage()));
      return ExitCodes.CONFLICT;
    }
    if (ex instanceof RefusedException refused) {
      err.println(TerminalText.line("refused: " + refused.getMessage()));
      return ExitCodes.REFUSED;
    }
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof CodecKeyException wrongKey) { // the key given does not read the payloads
        err.println(TerminalText.line(wrongKey.getMessage()));
        return ExitCodes.USAGE;
      }
      if (t instanceof TemporalUnreachableException unreachable) {
        err.println(TerminalText.line(unreachable.getMessage()));
        if (debug()) unreachable.printStackTrace(err);
        return ExitCodes.UNREACHABLE;
      }
      if (t instanceof StatusRuntimeException refused && refusal(refused.getStatus())) {
        // the connection's RefusalInterceptor wrote the one line that says what to fix
        String why = refused.getStatus().getDescription();
        err.println(
            TerminalText.line(
                why != null && why.startsWith("Temporal at ")
                    ? why
                    : "Temporal refused the request ("
                        + refused.getStatus().getCode().name().toLowerCase().replace('_', ' ')
                        + "); check --namespace and the credentials (--api-key, --tls-cert-path)"));
        if (debug()) refused.printStackTrace(err);
        return ExitCodes.UNREACHABLE;
      }
    }
    String message = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
    err.println(
        "error: "
            + TerminalText.line(message.lines().findFirst().orElse(message))
            + (debug() ? "" : " (" + DEBUG_ENV + "=1 shows the stack trace)"));
    if (debug()) ex.printStackTrace(err);
    return ExitCodes.UNEXPECTED;
  }
}
