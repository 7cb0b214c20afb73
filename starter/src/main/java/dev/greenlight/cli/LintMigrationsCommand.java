package dev.greenlight.cli;

import dev.greenlight.api.spec.MigrationLinter;
import dev.greenlight.api.spec.migration.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code greenlight lint-migrations FOLDER [--json]}: the migration rules of {@code validate}, on a
 * Flyway folder alone, for CI pipelines.
 */
@Command(
    name = "lint-migrations",
    description = {
      "Checks a Flyway SQL folder with the rules validate applies: nothing that breaks the live"
          + " color's code, nothing that stalls its queries.",
      "Prints 'ok: ...' (exit 0), or every problem on stderr, one a line, as FILE:LINE: CLASS"
          + " (RULE): what the live color would suffer; instead, the safe pattern (exit 2).",
      "A file opts out of a class with '-- greenlight:allow-breaking <why>' or"
          + " '-- greenlight:allow-locking <why>'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no problems", "2:problems found (or no such folder)"})
final class LintMigrationsCommand extends OperatorCommand {
  @Parameters(paramLabel = "FOLDER", description = "The Flyway SQL folder, e.g. db/migration.")
  Path folder;

  @Option(
      names = "--json",
      description = "Print {folder, files, problems: [{file, path, line, rule, class, message}]}.")
  boolean json;

  /**
   * One problem, for {@code --json}.
   *
   * @param file the file's name
   * @param path the file as given on the command line (FOLDER/file)
   * @param line 1-based line; null when the problem is the whole file
   * @param rule the rule's name, e.g. drop-column; null when the file cannot be checked at all
   * @param kind {@code breaking}, {@code locking}, or {@code file}
   * @param message what the live color would suffer and the safe pattern
   */
  record Problem(
      String file,
      String path,
      Integer line,
      String rule,
      @com.fasterxml.jackson.annotation.JsonProperty("class") String kind,
      String message) {}

  /**
   * What {@code --json} prints.
   *
   * @param folder the folder as given
   * @param files how many .sql files it holds
   * @param problems every problem, in Flyway's order of the files
   */
  record Report(String folder, int files, List<Problem> problems) {}

  @Override
  protected int run() throws Exception {
    if (!Files.isDirectory(folder)) throw usage("FOLDER: no such folder: " + folder);
    List<Finding> findings = MigrationLinter.findings(folder);
    int files;
    try (Stream<Path> s = Files.list(folder)) {
      files = (int) s.filter(p -> p.getFileName().toString().endsWith(".sql")).count();
    }
    if (json) {
      List<Problem> problems =
          findings.stream()
              .map(
                  f ->
                      new Problem(
                          f.file(),
                          folder.resolve(f.file()).toString(),
                          f.line() > 0 ? f.line() : null,
                          f.rule() == null ? null : f.rule().id(),
                          f.rule() == null ? "file" : f.rule().kind().label(),
                          f.message()))
              .toList();
      JsonOutput.print(out(), new Report(folder.toString(), files, problems));
      return problems.isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
    }
    if (findings.isEmpty()) {
      out()
          .println(
              TerminalText.line(
                  "ok: "
                      + files
                      + " migration"
                      + (files == 1 ? "" : "s")
                      + " in "
                      + folder
                      + ", no problems"));
      return ExitCodes.OK;
    }
    for (Finding f : findings) {
      String at = folder.resolve(f.file()) + (f.line() > 0 ? ":" + f.line() : "");
      err().println(TerminalText.line(at + ": " + f.message()));
    }
    return ExitCodes.USAGE;
  }
}
