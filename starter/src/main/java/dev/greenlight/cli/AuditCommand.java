package dev.greenlight.cli;

import dev.greenlight.client.RefusedException;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.TemporalUnreachableException;
import dev.greenlight.client.archive.ReleaseArchive;
import dev.greenlight.client.audit.AuditReport;
import dev.greenlight.client.audit.ReleaseHistory;
import dev.greenlight.client.cli.ArchiveOptions;
import dev.greenlight.client.cli.CodecOptions;
import dev.greenlight.client.cli.ConnectionOptions;
import dev.greenlight.client.codec.CodecKeyException;
import dev.greenlight.client.codec.PayloadEncryption;
import dev.greenlight.worker.ReleaseReplayer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight audit export|replay|report}: the auditor's tools, from workflow histories. */
@Command(
    name = "audit",
    description = "Export, replay and report release histories.",
    subcommands = {AuditCommand.Export.class, AuditCommand.Replay.class, AuditCommand.Report.class})
final class AuditCommand extends OperatorCommand {
  @Override
  protected int run() {
    spec.commandLine().usage(out());
    return ExitCodes.USAGE;
  }

  /**
   * {@code audit export RELEASE -o FILE}: from Temporal, else from the archive when one is given.
   */
  @Command(
      name = "export",
      description = {
        "Writes the release's workflow history as JSON",
        "(the format the Temporal UI and CLI download too).",
        "With --archive-url, a release Temporal no longer has is read from the archive."
      })
  static final class Export extends OperatorCommand {
    @Parameters(paramLabel = "RELEASE", description = "The release id.")
    String id;

    @Option(
        names = {"-o", "--output"},
        required = true,
        paramLabel = "FILE",
        description = "Where to write the JSON.")
    Path output;

    @Mixin ConnectionOptions connection;

    @Mixin ArchiveOptions archive;

    @Override
    protected int run() throws Exception {
      String release = required("RELEASE", id);
      String json;
      String from = "";
      try (TemporalConnection temporal = connection.open()) {
        json = temporal.client().fetchHistory(release).toJson(true);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) throw e;
        if (!archive.configured()) {
          throw new RefusedException(
              "no such release: "
                  + release
                  + " (Temporal may have dropped it after its retention;"
                  + " give --archive-url to read the archive)");
        }
        ReleaseArchive archived = archive.open();
        json = fromArchive(archived, release, null);
        from = " (from the archive at " + archived.describe() + ")";
      } catch (TemporalUnreachableException e) {
        if (!archive.configured()) throw e;
        ReleaseArchive archived = archive.open();
        json =
            fromArchive(
                archived, release,
                e); // an ended release's history is final: the archive's copy is whole
        err().println(e.getMessage() + "; read " + release + " from the archive instead");
        from = " (from the archive at " + archived.describe() + ")";
      }
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(output, json);
      int events = WorkflowExecutionHistory.fromJson(json).getEvents().size();
      out().println("exported " + events + " events of " + release + " to " + output + from);
      return ExitCodes.OK;
    }

    private static String fromArchive(
        ReleaseArchive archived, String release, TemporalUnreachableException unreachable)
        throws RefusedException {
      var entry = archived.find(release);
      if (entry.isPresent()) return entry.get().historyJson();
      if (unreachable != null) throw unreachable;
      throw new RefusedException(
          "no such release: "
              + release
              + " (neither in Temporal nor in the archive at "
              + archived.describe()
              + ")");
    }
  }

  /** {@code audit replay FILE_OR_DIR...}. */
  @Command(
      name = "replay",
      description = {
        "Replays each history against the current workflow code.",
        "One line per history; exit 1 if any fails."
      })
  static final class Replay extends OperatorCommand {
    @Parameters(
        arity = "1..*",
        paramLabel = "FILE_OR_DIR",
        description = "History JSON files, or folders of them.")
    List<Path> inputs;

    @Mixin CodecOptions codec;

    @Override
    protected int run() throws Exception {
      var converter = PayloadEncryption.reader(codec.codecKeys().orElse(null));
      List<Path> files = new ArrayList<>();
      for (Path p : inputs) {
        if (Files.isDirectory(p)) {
          try (Stream<Path> s = Files.list(p)) {
            s.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
          }
        } else if (Files.isRegularFile(p)) {
          files.add(p);
        } else {
          throw usage(p + ": no such file or folder");
        }
      }
      if (files.isEmpty()) throw usage("no .json histories in " + inputs);
      int failed = 0;
      // one replayer, the histories replayed side by side on every core; the lines in file order
      int threads = Math.min(files.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
      ExecutorService pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "greenlight-replay");
                t.setDaemon(true);
                return t;
              });
      try (ReleaseReplayer replayer = new ReleaseReplayer(converter)) {
        List<Future<String>> verdicts = new ArrayList<>();
        for (Path f : files) verdicts.add(pool.submit(() -> replay(replayer, converter, f)));
        for (int i = 0; i < files.size(); i++) {
          Path f = files.get(i);
          String verdict;
          try {
            verdict = verdicts.get(i).get();
          } catch (ExecutionException e) {
            verdict = firstLine(String.valueOf(e.getCause()));
          }
          if (verdict == null) {
            out().println("ok    " + f);
          } else {
            failed++;
            out().println(TerminalText.line("FAIL  " + f + ": " + verdict));
          }
        }
      } finally {
        pool.shutdownNow();
      }
      out().println(files.size() - failed + " of " + files.size() + " histories replay");
      return failed == 0 ? ExitCodes.OK : ExitCodes.NOT_SUCCEEDED;
    }

    /** Null when the history replays; otherwise what went wrong, in one line. */
    private static String replay(ReleaseReplayer replayer, DataConverter converter, Path file) {
      WorkflowExecutionHistory history;
      try {
        history = WorkflowExecutionHistory.fromJson(Files.readString(file));
      } catch (IOException | RuntimeException e) {
        return "not a workflow history (" + firstLine(e.getMessage()) + ")";
      }
      try {
        ReleaseHistory.of(history, converter); // a missing or wrong key, said plainly
      } catch (CodecKeyException e) {
        return e.getMessage();
      }
      ReleaseReplayer.Verdict verdict = replayer.check(history);
      String msg = verdict.message();
      return switch (verdict.outcome()) {
        case REPLAYS -> null;
        case NON_DETERMINISTIC ->
            "non-deterministic: the current code takes a different path ("
                + firstLine(msg)
                + "); guard the change with Workflow.getVersion";
        case TIMED_OUT ->
            "timed out: the replay did not finish in time, twice (a slow machine, not a"
                + " determinism problem); run it again ("
                + firstLine(msg)
                + ")";
        case FAILED -> firstLine(msg);
      };
    }

    private static String firstLine(String s) {
      if (s == null) return "";
      String line = s.lines().findFirst().orElse("");
      return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
  }

  /**
   * {@code audit report FILE [-o OUT]}, or {@code audit report --release ID [-o OUT]} from the
   * archive.
   */
  @Command(
      name = "report",
      description = {
        "A human-readable account of a release from its history alone",
        "(no cluster needed): Markdown, or HTML with a monitor chart when OUT ends in .html.",
        "The history comes from FILE (audit export), or with --release from the archive"
            + " (--archive-url)."
      })
  static final class Report extends OperatorCommand {
    @Parameters(
        arity = "0..1",
        paramLabel = "FILE",
        description = "A history exported by `audit export`.")
    Path file;

    @Option(
        names = "--release",
        paramLabel = "ID",
        description = "Read release ID's history from the archive instead.")
    String release;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "OUT",
        description = "OUT.md or OUT.html; default: Markdown on stdout.")
    Path output;

    @Mixin ArchiveOptions archive;

    @Mixin CodecOptions codec;

    @Override
    protected int run() throws Exception {
      if (file != null && release != null)
        throw usage("give a history FILE or --release ID, not both");
      if (file == null && release == null) {
        throw usage(
            "give a history FILE (from audit export), or --release ID to read the archive"
                + " (--archive-url)");
      }
      if (output != null) {
        String name = output.getFileName().toString();
        if (!name.endsWith(".md") && !name.endsWith(".html"))
          throw usage("-o: " + name + " must end in .md or .html");
      }
      var converter = PayloadEncryption.reader(codec.codecKeys().orElse(null));
      WorkflowExecutionHistory raw =
          release != null ? fromArchive(required("--release", release)) : fromFile();
      ReleaseHistory history =
          ReleaseHistory.of(raw, converter); // wrong key: fails, writes nothing
      AuditReport report = new AuditReport(history);
      if (output == null) {
        out()
            .print(
                TerminalText.block(
                    report.markdown())); // a terminal: nothing from the history may steer it
        return ExitCodes.OK;
      }
      Files.writeString(
          output,
          output.getFileName().toString().endsWith(".html") ? report.html() : report.markdown());
      out().println("wrote " + output);
      return ExitCodes.OK;
    }

    private WorkflowExecutionHistory fromFile() throws IOException {
      if (!Files.isRegularFile(file)) throw usage(file + ": no such file");
      try {
        return WorkflowExecutionHistory.fromJson(Files.readString(file));
      } catch (RuntimeException e) {
        throw usage(file + ": not a workflow history");
      }
    }

    private WorkflowExecutionHistory fromArchive(String id) throws RefusedException {
      ReleaseArchive archived = archive.open();
      var entry = archived.find(id);
      if (entry.isEmpty()) {
        throw new RefusedException(
            "no such release in the archive at "
                + archived.describe()
                + ": "
                + id
                + " (releases are archived when they end, by a worker started with --archive-url)");
      }
      return WorkflowExecutionHistory.fromJson(entry.get().historyJson());
    }
  }
}
