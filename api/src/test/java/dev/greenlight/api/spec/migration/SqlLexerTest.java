package dev.greenlight.api.spec.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

  private static List<SqlStatement> statements(String sql) {
    SqlLexer.Result r = SqlLexer.lex(sql);
    assertThat(r.unterminated()).isNull();
    return SqlStatement.split(r.tokens());
  }

  @Test
  void semicolonsInStringsNamesBodiesAndCommentsDoNotSplit() {
    List<SqlStatement> s =
        statements(
            "INSERT INTO t VALUES ('a;b', E'it\\'s;', U&'x;');\n"
                + "ALTER TABLE \"we;ird\" ADD COLUMN c text; -- a comment; with semicolons\n"
                + "/* outer /* nested; */ still comment; */\n"
                + "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; SELECT 2; $body$"
                + " LANGUAGE sql;\n"
                + "DO $$ BEGIN PERFORM 1; END $$;\n"
                + "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN"
                + " true THEN 1 END; SELECT 2; END;\n"
                + "SELECT $1");
    assertThat(s).extracting(SqlStatement::line).containsExactly(1, 2, 4, 5, 6, 7);
    assertThat(s.get(1).tokens().get(2).value()).isEqualTo("we;ird");
    assertThat(s.get(2).tokens())
        .anySatisfy(t -> assertThat(t.value()).isEqualTo(" SELECT 1; SELECT 2; "));
  }

  @Test
  void linesCountInsideMultiLineStringsBodiesAndComments() {
    List<SqlStatement> s =
        statements(
            "SELECT 'a\nb';\n/* one\ntwo */\nCREATE FUNCTION f() AS $$\n\n$$;\nDROP TABLE x;");
    assertThat(s).extracting(SqlStatement::line).containsExactly(1, 5, 8);
  }

  @Test
  void unquotedNamesFoldToLowerCaseQuotedOnesKeepTheirCase() {
    List<SqlToken> t = SqlLexer.lex("ALTER TABLE Orders \"Orders\"").tokens();
    assertThat(t).extracting(SqlToken::value).containsExactly("alter", "table", "orders", "Orders");
  }

  @Test
  void anUnclosedStringIsReportedWithItsLine() {
    assertThat(SqlLexer.lex("SELECT 1;\nSELECT 'oops;").unterminated())
        .isEqualTo("line 2: a 'string' is never closed");
    assertThat(SqlLexer.lex("SELECT $x$ never").unterminated()).contains("$x$ body");
  }
}
