package dev.greenlight.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/**
 * JSON for {@code --json}: the contract's field names (the records' component names), nulls
 * included, indented for people and parseable by scripts.
 *
 * <p>No control character reaches the terminal raw: besides what JSON itself escapes (below
 * U+0020), DEL, the C1 controls and bidirectional overrides are written as {@code \}{@code uXXXX}
 * too. The values a script reads are unchanged.
 */
final class JsonOutput {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static {
    MAPPER.getFactory().setCharacterEscapes(new TerminalSafe());
  }

  private JsonOutput() {}

  static void print(PrintWriter out, Object value) {
    try {
      out.println(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** JSON's own escapes, plus DEL, C1 and bidi controls. */
  private static final class TerminalSafe extends CharacterEscapes {
    private final int[] ascii;

    TerminalSafe() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      boolean c1 = ch >= 0x80 && ch <= 0x9f;
      boolean bidi = (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069);
      return c1 || bidi ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
  }
}
