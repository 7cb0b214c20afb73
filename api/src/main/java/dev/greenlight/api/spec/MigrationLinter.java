package dev.greenlight.api.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that migrations stay backward compatible: the live color keeps running the old code on the
 * new schema, so a migration may expand (add tables, nullable columns, indexes) but not contract
 * (drop, rename, retype, tighten). A file that must contract (in a later release, once no color
 * runs code that needs the old shape) says so with a line {@code -- greenlight:allow-breaking
 * <why>}.
 */
public final class MigrationLinter {
  private static final Pattern NAME =
      Pattern.compile("V\\d+(?:[._]\\d+)*__\\w[\\w.-]*\\.sql|R__\\w[\\w.-]*\\.sql");
  private static final String ALLOW = "greenlight:allow-breaking";

  private record Rule(Pattern pattern, String why) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              Pattern.compile("\\bDROP\\s+TABLE\\b"),
              "DROP TABLE breaks the live color, which still uses the table"),
          new Rule(
              Pattern.compile("\\bDROP\\s+COLUMN\\b"),
              "DROP COLUMN breaks the live color, which still reads the column"),
          new Rule(
              Pattern.compile("\\bRENAME\\s+(COLUMN\\s+)?\\w+\\s+TO\\b|\\bRENAME\\s+TO\\b"),
              "RENAME breaks the live color, which still uses the old name (add the new one, copy,"
                  + " drop the old later)"),
          new Rule(
              Pattern.compile("\\bALTER\\s+COLUMN\\s+\\w+\\s+(SET\\s+DATA\\s+)?TYPE\\b"),
              "changing a column's type can break the live color's reads and writes"),
          new Rule(
              Pattern.compile("\\bALTER\\s+COLUMN\\s+\\w+\\s+SET\\s+NOT\\s+NULL\\b"),
              "SET NOT NULL breaks the live color's inserts that leave the column out"),
          new Rule(
              Pattern.compile(
                  "\\bADD\\s+(COLUMN\\s+)?(IF\\s+NOT\\s+EXISTS\\s+)?\\w+\\s+"
                      + "[^,;]*\\bNOT\\s+NULL\\b(?![^,;]*\\bDEFAULT\\b)"),
              "a NOT NULL column without a DEFAULT breaks the live color's inserts"));

  private MigrationLinter() {}

  /**
   * Problems in the migrations folder, each starting with {@code database.migrations:}; empty when
   * every file is fine.
   */
  public static List<String> lint(Path folder) {
    List<String> problems = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      problems.add("database.migrations: cannot read " + folder + ": " + e.getMessage());
      return problems;
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (!name.endsWith(".sql")) continue;
      if (!NAME.matcher(name).matches()) {
        problems.add(
            "database.migrations: "
                + name
                + ": not a Flyway migration name (V<version>__<description>.sql)");
        continue;
      }
      try {
        problems.addAll(lintFile(name, Files.readString(f)));
      } catch (IOException e) {
        problems.add("database.migrations: " + name + ": cannot read: " + e.getMessage());
      }
    }
    return problems;
  }

  static List<String> lintFile(String name, String sql) {
    List<String> out = new ArrayList<>();
    if (sql.contains(ALLOW)) return out;
    String code = stripComments(sql).toUpperCase(Locale.ROOT);
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(code);
      while (m.find()) {
        int line = 1 + (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        out.add(
            "database.migrations: "
                + name
                + ":"
                + line
                + ": "
                + rule.why()
                + "; expand now and contract in a later release, or mark the file '-- "
                + ALLOW
                + " <why>'");
      }
    }
    return out;
  }

  /** Blanks comments and string literals, keeping line breaks so line numbers stay right. */
  private static String stripComments(String sql) {
    StringBuilder sb = new StringBuilder(sql.length());
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        while (i < sql.length() && sql.charAt(i) != '\n') i++;
      } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? sql.length() : end + 2;
        for (; i < end; i++) sb.append(sql.charAt(i) == '\n' ? '\n' : ' ');
      } else if (c == '\'') {
        sb.append(' ');
        i++;
        while (i < sql.length() && sql.charAt(i) != '\'') {
          sb.append(sql.charAt(i) == '\n' ? '\n' : ' ');
          i++;
        }
        i++;
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }
}
