package dev.greenlight.client.timeline;

import dev.greenlight.api.model.ReleaseStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Prints a release as it goes: one line per event, in the order it happened, stamped with the time
 * the release recorded ({@link ReleaseEvents}); while a monitor window or hold runs, its progress.
 *
 * <p>On a terminal the progress is a bar redrawn in place on the last line (every call, so the time
 * left keeps counting down between statuses) and wiped before the next event line. Elsewhere (a
 * pipe, a file, a CI log) lines are only ever appended: one progress line, indented where the time
 * stamp goes (it is not an event), each time the monitor takes samples.
 */
public final class TimelinePrinter {
  private static final String CLEAR_LINE = "\r\033[K";

  private final PrintWriter out;
  private final boolean terminal;
  private final Function<Instant, String> stamp;
  private final UnaryOperator<String> clean;
  private final Clock clock;
  private MonitorWindows windows = MonitorWindows.UNKNOWN;
  private ReleaseStatus last;
  private boolean barShown;
  private int lastProgressSamples = -1;

  /**
   * @param out where to print
   * @param terminal true to draw the bar in place (stdout is a terminal)
   * @param stamp how an instant is shown at the start of each line, e.g. "10:00:00"
   * @param clean makes a line safe to print (release texts come from senders and hooks)
   * @param clock the clock the remaining time is measured against
   */
  public TimelinePrinter(
      PrintWriter out,
      boolean terminal,
      Function<Instant, String> stamp,
      UnaryOperator<String> clean,
      Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.stamp = stamp;
    this.clean = clean;
    this.clock = clock;
  }

  /** The lengths of the release's monitor window and holds, for the time left. */
  public TimelinePrinter windows(MonitorWindows windows) {
    this.windows = windows == null ? MonitorWindows.UNKNOWN : windows;
    return this;
  }

  /** Prints what happened since the previous status, then the progress. Call on every poll. */
  public void show(ReleaseStatus now) {
    ReleaseStatus before = last;
    if (before == null || !before.equals(now)) {
      for (ReleaseEvent e : ReleaseEvents.since(before, now)) line(e.at(), e.text());
      last = now;
    }
    MonitorProgress progress = MonitorProgress.of(now, windows);
    Instant at = clock.instant();
    if (progress == null) {
      wipeBar();
      lastProgressSamples = -1;
    } else if (terminal) {
      out.print(CLEAR_LINE + clean.apply(progress.bar(at)));
      barShown = true;
    } else if (progress.stats().samples() != lastProgressSamples) {
      lastProgressSamples = progress.stats().samples();
      // progress, not an event: no time stamp of its own, so the stamped lines stay in order
      wipeBar();
      String blank = " ".repeat(stamp.apply(at).length());
      out.println(clean.apply(blank + progress.step() + ": " + progress.text(at)));
    }
    out.flush();
  }

  /** A line of the caller's own (e.g. the demo's narration), at {@code at}. */
  public void note(Instant at, String text) {
    line(at, text);
    out.flush();
  }

  /** Wipes the bar, if one is drawn, so what follows starts on a clean line. */
  public void finish() {
    wipeBar();
    out.flush();
  }

  private void line(Instant at, String text) {
    wipeBar();
    out.println(clean.apply(stamp.apply(at) + text));
  }

  private void wipeBar() {
    if (barShown) {
      out.print(CLEAR_LINE);
      barShown = false;
    }
  }
}
