package dev.greenlight.api.spec.migration;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Flyway SQL folder, checked file by file in the order Flyway applies them (versions compared
 * numerically, repeatable migrations last). Each file is lexed as PostgreSQL lexes it, split into
 * statements, and judged as Flyway will run it; its {@code -- greenlight:allow-...} comments then
 * drop the classes of rules it opts out of.
 */
public final class MigrationFolder {
  private static final Pattern NAME =
      Pattern.compile("(?:V(\\d+(?:[._]\\d+)*)__\\w[\\w.-]*|R__\\w[\\w.-]*)\\.sql");

  private MigrationFolder() {}

  /** Every problem in the folder, in Flyway's order of the files. */
  public static List<Finding> check(Path folder) {
    List<Finding> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(Files::isRegularFile).filter(f -> name(f).endsWith(".sql")).toList();
    } catch (IOException e) {
      out.add(new Finding(folder.toString(), 0, null, "cannot read the folder: " + e.getMessage()));
      return out;
    }
    List<Path> ordered = new ArrayList<>();
    for (Path f : files) {
      if (NAME.matcher(name(f)).matches()) {
        ordered.add(f);
      } else {
        out.add(
            new Finding(
                name(f),
                0,
                null,
                "not a Flyway migration name (V<version>__<description>.sql): Flyway would skip"
                    + " it"));
      }
    }
    ordered.sort(
        Comparator.comparing(MigrationFolder::version, MigrationFolder::compareVersions)
            .thenComparing(MigrationFolder::name));
    MigrationCheck check = new MigrationCheck();
    for (Path f : ordered) {
      String sql;
      try {
        sql = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        out.add(new Finding(name(f), 0, null, "cannot read: " + e.getMessage()));
        continue;
      }
      out.addAll(checkFile(check, name(f), sql, executeInTransaction(f)));
    }
    return out;
  }

  /** One file's problems; {@code check} carries what earlier files did. */
  static List<Finding> checkFile(
      MigrationCheck check, String name, String sql, Boolean executeInTransaction) {
    List<Finding> out = new ArrayList<>();
    SqlLexer.Result lexed = SqlLexer.lex(sql);
    if (lexed.unterminated() != null) {
      out.add(
          new Finding(
              name,
              0,
              null,
              "cannot be read as SQL: "
                  + lexed.unterminated()
                  + " (PostgreSQL would refuse it too)"));
      return out;
    }
    Set<Rule.Kind> allowed = EnumSet.noneOf(Rule.Kind.class);
    for (SqlLexer.Comment c : lexed.comments()) {
      String text = c.text().strip();
      for (Rule.Kind kind : Rule.Kind.values()) {
        if (!text.toLowerCase(Locale.ROOT).startsWith(kind.directive())) continue;
        String why = text.substring(kind.directive().length()).replaceFirst("^[:\\s]+", "");
        if (why.isBlank()) {
          out.add(
              new Finding(
                  name,
                  c.line(),
                  null,
                  "'-- "
                      + kind.directive()
                      + "' needs a reason after it: why the live color is safe (e.g. no color"
                      + " runs the code that used it any more)"));
        } else {
          allowed.add(kind);
        }
      }
    }
    int before = check.findings().size();
    check.check(name, SqlStatement.split(lexed.tokens()), executeInTransaction);
    List<Finding> found = check.findings().subList(before, check.findings().size());
    for (Finding f : found) {
      if (allowed.contains(f.rule().kind())) continue;
      out.add(
          new Finding(
              f.file(),
              f.line(),
              f.rule(),
              f.rule().kind().label()
                  + " ("
                  + f.rule().id()
                  + "): "
                  + f.message()
                  + " (to accept it, mark the file '-- "
                  + f.rule().kind().directive()
                  + " <why>')"));
    }
    return out;
  }

  /** Flyway's per-script {@code <file>.conf}: {@code executeInTransaction=false} or true. */
  private static Boolean executeInTransaction(Path file) {
    Path conf = file.resolveSibling(name(file) + ".conf");
    if (!Files.isRegularFile(conf)) return null;
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      return null;
    }
    String v = p.getProperty("executeInTransaction");
    return v == null ? null : Boolean.valueOf(v.strip());
  }

  private static String name(Path f) {
    return f.getFileName().toString();
  }

  /** The version's numbers; null for a repeatable migration (applied after every version). */
  private static List<BigInteger> version(Path f) {
    Matcher m = NAME.matcher(name(f));
    if (!m.matches() || m.group(1) == null) return null;
    List<BigInteger> parts = new ArrayList<>();
    for (String p : m.group(1).split("[._]")) parts.add(new BigInteger(p));
    return parts;
  }

  private static int compareVersions(List<BigInteger> a, List<BigInteger> b) {
    if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
      BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
      int c = x.compareTo(y);
      if (c != 0) return c;
    }
    return 0;
  }
}
