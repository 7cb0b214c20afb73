package dev.greenlight.api.spec.migration;

import dev.greenlight.api.spec.migration.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's lexical rules, enough to never mistake text for code: {@code --} and nested {@code
 * /* *}{@code /} comments, {@code 'strings'} with doubled quotes, {@code E'...'} with backslash
 * escapes, {@code "quoted identifiers"}, and {@code $tag$...$tag$} bodies. Comments are kept apart
 * (the file's directives live in them); line numbers are counted as PostgreSQL and editors count
 * them.
 */
public final class SqlLexer {
  private final String sql;
  private int pos;
  private int line = 1;
  private final List<SqlToken> tokens = new ArrayList<>();
  private final List<Comment> comments = new ArrayList<>();

  /**
   * A comment's text (without its markers) and the line it starts on.
   *
   * @param text the comment's content
   * @param line 1-based line where it starts
   */
  public record Comment(String text, int line) {}

  /** The tokens and comments of {@code sql}. */
  public record Result(List<SqlToken> tokens, List<Comment> comments, String unterminated) {}

  private SqlLexer(String sql) {
    this.sql = sql;
  }

  /**
   * Lexes {@code sql}; an unterminated string, identifier, body or comment is reported in {@link
   * Result#unterminated()} (null when there is none), with what was read up to the end.
   */
  public static Result lex(String sql) {
    SqlLexer l = new SqlLexer(sql);
    String problem = l.run();
    return new Result(List.copyOf(l.tokens), List.copyOf(l.comments), problem);
  }

  private String run() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      int start = pos;
      int startLine = line;
      if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '-' && peek(1) == '-') {
        int end = sql.indexOf('\n', pos);
        if (end < 0) end = sql.length();
        comments.add(new Comment(sql.substring(pos + 2, end), startLine));
        pos = end;
      } else if (c == '/' && peek(1) == '*') {
        if (!blockComment()) return "line " + startLine + ": a /* comment is never closed";
        comments.add(new Comment(sql.substring(start + 2, pos - 2), startLine));
      } else if (c == '\'') {
        pos++;
        String v = quoted('\'', false);
        if (v == null) return "line " + startLine + ": a 'string' is never closed";
        add(Kind.STRING, start, v, startLine);
      } else if ((c == 'E' || c == 'e') && peek(1) == '\'') {
        pos += 2;
        String v = quoted('\'', true);
        if (v == null) return "line " + startLine + ": an E'string' is never closed";
        add(Kind.STRING, start, v, startLine);
      } else if ((c == 'U' || c == 'u') && peek(1) == '&' && (peek(2) == '\'' || peek(2) == '"')) {
        char q = peek(2);
        pos += 3;
        String v = quoted(q, false);
        if (v == null) return "line " + startLine + ": a U& constant is never closed";
        add(q == '\'' ? Kind.STRING : Kind.QUOTED, start, v, startLine);
      } else if ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n')
          && peek(1) == '\'') {
        pos += 2;
        String v = quoted('\'', false);
        if (v == null) return "line " + startLine + ": a string is never closed";
        add(Kind.STRING, start, v, startLine);
      } else if (c == '"') {
        pos++;
        String v = quoted('"', false);
        if (v == null) return "line " + startLine + ": a \"quoted identifier\" is never closed";
        add(Kind.QUOTED, start, v, startLine);
      } else if (c == '$' && Character.isDigit(peek(1))) {
        pos++;
        while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) pos++;
        add(Kind.PARAM, start, sql.substring(start, pos), startLine);
      } else if (c == '$') {
        int tagEnd = dollarTagEnd(pos);
        if (tagEnd < 0) {
          pos++;
          add(Kind.OPERATOR, start, "$", startLine);
          continue;
        }
        String tag = sql.substring(pos, tagEnd + 1);
        int close = sql.indexOf(tag, tagEnd + 1);
        if (close < 0) return "line " + startLine + ": a " + tag + " body is never closed";
        String body = sql.substring(tagEnd + 1, close);
        countLines(pos, close + tag.length());
        pos = close + tag.length();
        add(Kind.DOLLAR, start, body, startLine);
      } else if (isIdentStart(c)) {
        pos++;
        while (pos < sql.length() && isIdentPart(sql.charAt(pos))) pos++;
        String w = sql.substring(start, pos);
        add(Kind.WORD, start, w.toLowerCase(Locale.ROOT), startLine);
      } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
        number();
        add(Kind.NUMBER, start, sql.substring(start, pos), startLine);
      } else if ("()[],;.".indexOf(c) >= 0) {
        pos++;
        add(Kind.PUNCT, start, String.valueOf(c), startLine);
      } else if (c == ':' && peek(1) == ':') {
        pos += 2;
        add(Kind.OPERATOR, start, "::", startLine);
      } else if (c == ':') {
        pos++;
        add(Kind.PUNCT, start, ":", startLine);
      } else if (isOperatorChar(c)) {
        // an operator ends before a comment starts inside it
        pos++;
        while (pos < sql.length()
            && isOperatorChar(sql.charAt(pos))
            && !(sql.charAt(pos) == '-' && peek(1) == '-')
            && !(sql.charAt(pos) == '/' && peek(1) == '*')) {
          pos++;
        }
        add(Kind.OPERATOR, start, sql.substring(start, pos), startLine);
      } else {
        pos++;
        add(Kind.OPERATOR, start, String.valueOf(c), startLine);
      }
    }
    return null;
  }

  private void add(Kind kind, int start, String value, int tokenLine) {
    tokens.add(new SqlToken(kind, sql.substring(start, pos), value, tokenLine));
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < sql.length() ? sql.charAt(i) : '\0';
  }

  /** Nested, as PostgreSQL nests them. */
  private boolean blockComment() {
    int depth = 0;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '/' && peek(1) == '*') {
        depth++;
        pos += 2;
      } else if (c == '*' && peek(1) == '/') {
        depth--;
        pos += 2;
        if (depth == 0) return true;
      } else {
        if (c == '\n') line++;
        pos++;
      }
    }
    return false;
  }

  /** Reads up to the closing quote (a doubled quote is one); {@code pos} is after the opening. */
  private String quoted(char quote, boolean backslashEscapes) {
    StringBuilder v = new StringBuilder();
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '\n') line++;
      if (backslashEscapes && c == '\\' && pos + 1 < sql.length()) {
        if (sql.charAt(pos + 1) == '\n') line++;
        v.append(sql.charAt(pos + 1));
        pos += 2;
      } else if (c == quote && peek(1) == quote) {
        v.append(quote);
        pos += 2;
      } else if (c == quote) {
        pos++;
        return v.toString();
      } else {
        v.append(c);
        pos++;
      }
    }
    return null;
  }

  /** The index of the {@code $} closing the tag that opens at {@code at}; -1 if none does. */
  private int dollarTagEnd(int at) {
    int i = at + 1;
    if (i < sql.length() && sql.charAt(i) == '$') return i;
    if (i >= sql.length() || !isIdentStart(sql.charAt(i))) return -1;
    while (i < sql.length() && isIdentPart(sql.charAt(i)) && sql.charAt(i) != '$') i++;
    return i < sql.length() && sql.charAt(i) == '$' ? i : -1;
  }

  private void countLines(int from, int to) {
    for (int i = from; i < to; i++) if (sql.charAt(i) == '\n') line++;
  }

  private void number() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
        if (c == '.' && peek(1) == '.') return; // a slice bound, 1..2
        pos++;
      } else if ((c == '+' || c == '-')
          && (sql.charAt(pos - 1) == 'e' || sql.charAt(pos - 1) == 'E')) {
        pos++;
      } else {
        return;
      }
    }
  }

  private static boolean isIdentStart(char c) {
    return Character.isLetter(c) || c == '_' || c > 0x7f;
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f;
  }

  private static boolean isOperatorChar(char c) {
    return "+-*/<>=~!@#%^&|`?".indexOf(c) >= 0;
  }
}
