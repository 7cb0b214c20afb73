package dev.greenlight.cli;

import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code greenlight validate SPEC}: checks a spec without starting anything. */
@Command(
    name = "validate",
    description = {
      "Checks a spec without starting anything.",
      "Prints 'ok: ...' (exit 0), or every problem on stderr, one a line, starting with its field"
          + " path (exit 2)."
    })
final class ValidateCommand extends OperatorCommand {
  @Parameters(paramLabel = "SPEC", description = "The spec file (YAML or JSON).")
  Path specFile;

  @Override
  protected int run() throws Exception {
    ReleaseSpec spec = SpecLoader.load(specFile);
    out().println(TerminalText.line("ok: " + summary(spec)));
    return ExitCodes.OK;
  }

  /**
   * "shop (router command, 2 smoke checks, no database, 1 approval from alice, bob, monitor 15m)".
   */
  static String summary(ReleaseSpec spec) {
    List<String> parts = new ArrayList<>();
    parts.add(
        "router "
            + spec.router().type()
            + (spec.router().steps().size() > 1
                ? " in steps "
                    + spec.router().steps().stream()
                        .map(String::valueOf)
                        .collect(Collectors.joining("/"))
                    + "%"
                : ""));
    parts.add(spec.smoke().size() + " smoke check" + (spec.smoke().size() == 1 ? "" : "s"));
    parts.add(
        spec.database() == null
            ? "no database"
            : "migrations from " + spec.database().migrations());
    List<String> approvers = spec.approval().approvers();
    parts.add(
        spec.approval().required()
            + " approval"
            + (spec.approval().required() == 1 ? "" : "s")
            + " from "
            + (approvers.isEmpty() ? "anyone but the initiator" : String.join(", ", approvers))
            + " within "
            + Durations.format(spec.approval().timeout()));
    parts.add(
        "monitor " + Durations.format(spec.monitor().window()) + " via " + spec.monitor().source());
    return spec.app() + " (" + String.join(", ", parts) + ")";
  }
}
