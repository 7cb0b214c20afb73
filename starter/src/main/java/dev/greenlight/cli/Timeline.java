package dev.greenlight.cli;

import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.timeline.MonitorWindows;
import dev.greenlight.client.timeline.TimelinePrinter;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The live view of {@code watch} and {@code start --follow}: one line per thing that happened
 * (stage, step, traffic, approval, refusal, outcome), in the order it happened and stamped with the
 * time the release recorded for it. While a monitor window or hold runs, a bar with the time left
 * when stdout is a terminal; elsewhere lines are only ever appended, so it reads the same in a CI
 * log or a file. Every line goes through {@link TerminalText}.
 */
final class Timeline {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private final TimelinePrinter printer;

  /** Plain lines (no bar). */
  Timeline(PrintWriter out) {
    this(out, false, MonitorWindows.UNKNOWN);
  }

  /**
   * @param terminal true to draw the progress bar in place
   * @param windows monitor window and hold lengths, for the time left
   */
  Timeline(PrintWriter out, boolean terminal, MonitorWindows windows) {
    this.printer =
        new TimelinePrinter(
                out, terminal, at -> CLOCK.format(at) + "  ", TerminalText::line, Clock.systemUTC())
            .windows(windows);
  }

  /** Prints what changed since the previous status; call it on every poll. */
  void show(ReleaseStatus now) {
    printer.show(now);
  }

  /** Wipes the bar before the command's last words. */
  void finish() {
    printer.finish();
  }

  /**
   * True when stdout is a terminal that can redraw a line: Java sees a console (stdin and stdout
   * are terminals) and TERM is not "dumb".
   */
  static boolean stdoutIsTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }
}
