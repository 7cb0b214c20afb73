package dev.greenlight.api.spec.migration;

import java.util.Locale;

/**
 * One lexical token of PostgreSQL SQL.
 *
 * @param kind what it is
 * @param text the token as written
 * @param value what it means: a word folded to lower case (as PostgreSQL folds unquoted names), a
 *     quoted identifier without its quotes, a string's or dollar body's content
 * @param line 1-based line of its first character
 */
public record SqlToken(Kind kind, String text, String value, int line) {

  /** Token kinds; comments and whitespace are not tokens. */
  public enum Kind {
    /** A keyword or unquoted identifier. */
    WORD,
    /** A {@code "quoted identifier"}. */
    QUOTED,
    /**
     * A string constant: {@code 'x'}, {@code E'x'}, {@code U&'x'}, {@code B'..'}, {@code X'..'}.
     */
    STRING,
    /** A dollar-quoted constant ({@code $$...$$}, {@code $tag$...$tag$}). */
    DOLLAR,
    /** A numeric constant. */
    NUMBER,
    /** A positional parameter ({@code $1}). */
    PARAM,
    /** An operator ({@code ::}, {@code =}, {@code ||}, ...). */
    OPERATOR,
    /** One of {@code ( ) [ ] , ; . :}. */
    PUNCT
  }

  /** Whether this is the unquoted word {@code word} (case-insensitive). */
  public boolean is(String word) {
    return kind == Kind.WORD && value.equals(word.toLowerCase(Locale.ROOT));
  }

  /** Whether this is the punctuation or operator {@code symbol}. */
  public boolean isSymbol(String symbol) {
    return (kind == Kind.PUNCT || kind == Kind.OPERATOR) && text.equals(symbol);
  }

  /** Whether this can name something: a word or a quoted identifier. */
  public boolean isName() {
    return kind == Kind.WORD || kind == Kind.QUOTED;
  }
}
