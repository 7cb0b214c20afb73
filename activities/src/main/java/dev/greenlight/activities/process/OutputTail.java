package dev.greenlight.activities.process;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The end of a hook's output, as Greenlight records it (step details, failure messages, history,
 * reports): at most {@link #MAX_LINES} lines and {@link #MAX_CHARS} characters, secrets masked. It
 * holds no more than that while it reads, however much the hook prints.
 *
 * <pre>{@code
 * OutputTail tail = new OutputTail();
 * tail.read(reader);
 * String recorded = tail.text(SecretMask.of(environment, List.of(passwordEnv)));
 * }</pre>
 */
public final class OutputTail {
  /** Lines kept. */
  public static final int MAX_LINES = 20;

  /** Characters kept, in all. */
  public static final int MAX_CHARS = 4000;

  /** Marks where a line longer than {@link #MAX_CHARS} was cut. */
  static final String CUT = " [...cut]";

  private final Deque<Line> lines = new ArrayDeque<>();
  private StringBuilder current = new StringBuilder();
  private boolean currentCut;
  private boolean pendingCr;

  private record Line(String text, boolean cut) {}

  /** Reads {@code in} to its end (or until it fails: what was read stays). */
  public void read(Reader in) throws IOException {
    char[] buf = new char[8192];
    int n;
    while ((n = in.read(buf)) >= 0) {
      synchronized (this) {
        for (int i = 0; i < n; i++) accept(buf[i]);
      }
    }
    synchronized (this) {
      endLine(false);
    }
  }

  private void accept(char c) {
    if (c == '\n') {
      pendingCr = false; // "\r\n" ends a line once, as BufferedReader.readLine does
      endLine(true);
      return;
    }
    if (pendingCr) {
      pendingCr = false;
      add('\r');
    }
    if (c == '\r') {
      pendingCr = true;
    } else {
      add(c);
    }
  }

  private void add(char c) {
    if (current.length() < MAX_CHARS) current.append(c);
    else currentCut = true;
  }

  private void endLine(boolean always) {
    if (!always && current.length() == 0 && !currentCut) return;
    lines.addLast(new Line(current.toString(), currentCut));
    while (lines.size() > MAX_LINES) lines.removeFirst();
    current = new StringBuilder();
    currentCut = false;
  }

  /**
   * What was read so far, masked and bounded: whole last lines first, then the end of the last one.
   */
  public synchronized String text(SecretMask mask) {
    List<String> masked = new ArrayList<>();
    for (Line l : lines) {
      // a cut may leave the first part of a secret at the end of the line: drop it with the rest
      masked.add(l.cut() ? mask.maskBeforeCut(l.text()) + CUT : l.text());
    }
    if (current.length() > 0 || currentCut) {
      masked.add(currentCut ? mask.maskBeforeCut(current.toString()) + CUT : current.toString());
    }
    while (masked.size() > MAX_LINES) masked.remove(0);
    String out = mask.mask(String.join("\n", masked)); // again, for a secret spanning lines
    while (out.length() > MAX_CHARS && out.indexOf('\n') >= 0) {
      out = out.substring(out.indexOf('\n') + 1);
    }
    if (out.length() > MAX_CHARS) out = out.substring(0, MAX_CHARS - CUT.length()) + CUT;
    return out;
  }
}
