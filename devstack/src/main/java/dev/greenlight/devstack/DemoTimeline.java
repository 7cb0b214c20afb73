package dev.greenlight.devstack;

import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.timeline.MonitorWindows;
import dev.greenlight.client.timeline.TimelinePrinter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The demo's console: one line per thing that happened (step, approval, traffic, outcome), in the
 * order it happened, stamped with the seconds since the demo began at the time the release recorded
 * for it; while the monitor watches, a bar with the time left (on a terminal) or a line per batch
 * of samples (elsewhere).
 */
final class DemoTimeline {
  private final Instant t0;
  private final PrintWriter out;
  private final boolean terminal;
  private final Clock clock;
  private TimelinePrinter printer;

  DemoTimeline(PrintStream out, boolean terminal, Clock clock) {
    this.t0 = clock.instant();
    this.out = new PrintWriter(out, true, StandardCharsets.UTF_8);
    this.terminal = terminal;
    this.clock = clock;
    this.printer = printer();
  }

  /** A new release follows, with these monitor window and hold lengths (for the time left). */
  void release(MonitorWindows windows) {
    printer.finish();
    printer = printer().windows(windows);
  }

  private TimelinePrinter printer() {
    return new TimelinePrinter(out, terminal, this::stamp, s -> s, clock);
  }

  /** The demo's own narration, now. */
  void note(String text) {
    printer.note(Instant.now(), text);
  }

  /** What happened since the previous status; call it on every poll. */
  void show(ReleaseStatus now) {
    printer.show(now);
  }

  /** Wipes the bar before the summary. */
  void finish() {
    printer.finish();
  }

  private String stamp(Instant at) {
    return String.format(Locale.ROOT, "[%6.1fs] ", Duration.between(t0, at).toMillis() / 1000.0);
  }
}
