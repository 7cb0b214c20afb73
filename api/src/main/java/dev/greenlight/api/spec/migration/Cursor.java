package dev.greenlight.api.spec.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a statement's tokens front to back, the way its grammar does. */
final class Cursor {
  private final List<SqlToken> tokens;
  private int i;

  Cursor(List<SqlToken> tokens) {
    this.tokens = tokens;
  }

  boolean done() {
    return i >= tokens.size();
  }

  SqlToken peek() {
    return done() ? null : tokens.get(i);
  }

  SqlToken next() {
    return done() ? null : tokens.get(i++);
  }

  /** Whether the next tokens are these words ({@code "("} matches the parenthesis). */
  boolean at(String... words) {
    if (i + words.length > tokens.size()) return false;
    for (int k = 0; k < words.length; k++) {
      SqlToken t = tokens.get(i + k);
      if (!(t.is(words[k]) || t.isSymbol(words[k]))) return false;
    }
    return true;
  }

  /** Consumes these words if they come next. */
  boolean take(String... words) {
    if (!at(words)) return false;
    i += words.length;
    return true;
  }

  boolean takeSymbol(String symbol) {
    if (done() || !tokens.get(i).isSymbol(symbol)) return false;
    i++;
    return true;
  }

  /** A possibly schema-qualified name ({@code "Shop".products}); null if none comes next. */
  QName name() {
    if (done() || !tokens.get(i).isName()) return null;
    List<SqlToken> parts = new ArrayList<>();
    parts.add(tokens.get(i++));
    while (i + 1 < tokens.size() && tokens.get(i).isSymbol(".") && tokens.get(i + 1).isName()) {
      parts.add(tokens.get(i + 1));
      i += 2;
    }
    return new QName(parts);
  }

  /** Comma-separated names, up to the first token that is neither. */
  List<QName> names() {
    List<QName> out = new ArrayList<>();
    for (QName n = name(); n != null; n = takeSymbol(",") ? name() : null) out.add(n);
    return out;
  }

  /** The tokens inside the parenthesised group that comes next, which is consumed. */
  List<SqlToken> group() {
    int start = i;
    int depth = 0;
    while (!done()) {
      SqlToken t = tokens.get(i++);
      if (t.isSymbol("(")) depth++;
      else if (t.isSymbol(")") && --depth == 0) break;
    }
    return tokens.subList(Math.min(start + 1, i), Math.max(start + 1, i - 1));
  }

  /** Consumes tokens up to (not including) one of {@code stop} outside parentheses. */
  List<SqlToken> until(Set<String> stop) {
    int start = i;
    int depth = 0;
    while (!done()) {
      SqlToken t = tokens.get(i);
      if (depth == 0 && t.kind() == SqlToken.Kind.WORD && stop.contains(t.value())) break;
      if (t.isSymbol("(") || t.isSymbol("[")) depth++;
      else if (t.isSymbol(")") || t.isSymbol("]")) depth--;
      i++;
    }
    return tokens.subList(start, i);
  }

  /** Everything left, consumed. */
  List<SqlToken> rest() {
    List<SqlToken> r = tokens.subList(i, tokens.size());
    i = tokens.size();
    return r;
  }

  String restText() {
    return rest().stream().map(SqlToken::text).collect(Collectors.joining(" "));
  }

  /** Splits at commas outside parentheses. */
  static List<List<SqlToken>> splitTopLevel(List<SqlToken> tokens) {
    List<List<SqlToken>> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int k = 0; k < tokens.size(); k++) {
      SqlToken t = tokens.get(k);
      if (t.isSymbol("(") || t.isSymbol("[")) depth++;
      else if (t.isSymbol(")") || t.isSymbol("]")) depth--;
      else if (depth == 0 && t.isSymbol(",")) {
        out.add(tokens.subList(start, k));
        start = k + 1;
      }
    }
    if (start < tokens.size()) out.add(tokens.subList(start, tokens.size()));
    return out;
  }
}
