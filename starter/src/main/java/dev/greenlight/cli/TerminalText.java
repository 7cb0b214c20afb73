package dev.greenlight.cli;

/**
 * Makes text from a release (names, comments, reasons, hook output, outcomes) safe to print to a
 * terminal: no control character reaches it, so nobody who can send a signal or make a hook print
 * can clear the screen, set the window title or forge lines.
 *
 * <p>Control characters are shown, not dropped, in the caret notation of {@code cat -v}: ESC is
 * {@code ^[}, BEL {@code ^G}, DEL {@code ^?}; a C1 control is shown as the ESC sequence it stands
 * for ({@code U+009B} as {@code ^[[}); bidirectional overrides as {@code <U+202E>}. So {@code
 * "\u001b[2J"} prints as {@code ^[[2J}: inert, and still visible to whoever reads it.
 *
 * <p>Every human-readable printer of the CLI goes through here; JSON output is escaped by {@link
 * JsonOutput} instead.
 */
final class TerminalText {
  private TerminalText() {}

  /** One line: line breaks and tabs become spaces. Null stays null. */
  static String line(String s) {
    return clean(s, false);
  }

  /** Lines: {@code \n} (and {@code \r\n}) and tabs stay, every other control is shown inert. */
  static String block(String s) {
    return clean(s, true);
  }

  private static String clean(String s, boolean keepLines) {
    if (s == null || safe(s)) return s;
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
        continue; // \r\n is a line break like \n
      }
      if (c == '\n' || c == '\t') {
        sb.append(keepLines ? c : ' ');
      } else if (c < 0x20) {
        sb.append('^').append((char) (c + 0x40));
      } else if (c == 0x7f) {
        sb.append("^?");
      } else if (c >= 0x80 && c <= 0x9f) {
        sb.append("^[").append((char) (c - 0x40));
      } else if (bidi(c)) {
        sb.append(String.format("<U+%04X>", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean safe(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || bidi(c)) return false;
    }
    return true;
  }

  /** Embeddings, overrides and isolates: they reorder what follows on the line. */
  private static boolean bidi(char c) {
    return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
  }
}
