package dev.greenlight.api.spec.migration;

import dev.greenlight.api.spec.migration.SqlToken.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges a folder's migrations, file by file in Flyway's order, as Flyway will run them: a file is
 * one transaction unless it holds a statement PostgreSQL refuses in one (then every statement
 * commits on its own). What earlier files did is remembered: a constraint added {@code NOT VALID}
 * and validated later, the columns known to be NOT NULL.
 */
final class MigrationCheck {
  /**
   * Functions whose value does not change within a statement: a DEFAULT of them does no rewrite.
   */
  private static final Set<String> NON_VOLATILE =
      Set.of(
          "now",
          "current_timestamp",
          "current_date",
          "current_time",
          "localtimestamp",
          "localtime",
          "transaction_timestamp",
          "statement_timestamp",
          "current_user",
          "session_user",
          "current_schema",
          "lower",
          "upper",
          "coalesce",
          "nullif",
          "greatest",
          "least",
          "concat",
          "abs",
          "round",
          "trim",
          "length",
          "to_jsonb",
          "to_json",
          "jsonb_build_object",
          "json_build_object",
          "jsonb_build_array",
          "json_build_array",
          "array",
          "make_interval",
          "make_date",
          "to_timestamp",
          "to_date",
          "cast",
          "numeric",
          "decimal",
          "varchar",
          "char",
          "character",
          "bit",
          "timestamp",
          "timestamptz",
          "time",
          "interval",
          "float",
          "row");

  private static final Set<String> SERIAL =
      Set.of("serial", "serial4", "bigserial", "serial8", "smallserial", "serial2");

  /** Words that end a column's type or a DEFAULT expression in a column definition. */
  private static final Set<String> COLUMN_CONSTRAINT =
      Set.of(
          "constraint",
          "not",
          "null",
          "default",
          "check",
          "unique",
          "primary",
          "references",
          "generated",
          "collate");

  private final List<Finding> out = new ArrayList<>();

  /** Table key to columns known to be NOT NULL. */
  private final Map<String, Set<String>> notNull = new HashMap<>();

  /** Table key to columns with a validated {@code CHECK (col IS NOT NULL)}. */
  private final Map<String, Set<String>> checkedNotNull = new HashMap<>();

  /** "table/constraint" to a constraint added NOT VALID and not validated yet. */
  private final Map<String, Pending> notValid = new HashMap<>();

  private record Pending(String column, int unit, int line, String file) {}

  private int units;

  // the file under way
  private String file;
  private boolean transactional;
  private boolean inBlock;
  private int unit;
  private final Set<String> createdTables = new HashSet<>();
  private final Set<String> createdIndexes = new HashSet<>();
  private final Set<String> createdObjects = new HashSet<>();
  private final Map<String, Integer> alteredInUnit = new HashMap<>();

  List<Finding> findings() {
    return out;
  }

  /**
   * Checks one file; {@code transactional} is how Flyway runs it. {@code concurrentStatement} is
   * the statement that made Flyway run it outside a transaction (null for a transactional file).
   */
  void check(String name, List<SqlStatement> statements, Boolean executeInTransaction) {
    file = name;
    createdTables.clear();
    createdIndexes.clear();
    createdObjects.clear();
    alteredInUnit.clear();
    inBlock = false;
    SqlStatement nonTx =
        statements.stream().filter(MigrationCheck::flywayNonTransactional).findFirst().orElse(null);
    transactional = executeInTransaction != null ? executeInTransaction : nonTx == null;
    unit = ++units;
    if (!transactional && nonTx != null) {
      List<SqlStatement> others =
          statements.stream()
              .filter(s -> s != nonTx && !s.startsWith("set") && !s.startsWith("reset"))
              .filter(s -> !transactionControl(s))
              .toList();
      if (!others.isEmpty()) {
        report(
            nonTx.line(),
            Rule.NON_TRANSACTIONAL_FILE,
            first(nonTx, 4)
                + " makes Flyway run this whole file outside a transaction, and the file holds "
                + others.size()
                + " other statement"
                + (others.size() == 1 ? "" : "s")
                + " (line "
                + others.stream()
                    .map(s -> String.valueOf(s.line()))
                    .collect(Collectors.joining(", "))
                + "): a failure halfway leaves the statements before it applied; instead, put the"
                + " CONCURRENTLY statement alone in a file of its own");
      }
    }
    for (SqlStatement s : statements) statement(s);
  }

  private static boolean transactionControl(SqlStatement s) {
    return s.startsWith("begin")
        || s.startsWith("start", "transaction")
        || s.startsWith("commit")
        || s.startsWith("end")
        || s.startsWith("rollback");
  }

  /** Flyway's own list of statements that PostgreSQL refuses inside a transaction. */
  static boolean flywayNonTransactional(SqlStatement s) {
    List<SqlToken> t = s.tokens();
    if (s.startsWith("copy")) {
      for (int i = 1; i + 1 < t.size(); i++) {
        if (t.get(i).is("from") && t.get(i + 1).is("stdin")) return true;
      }
      return false;
    }
    for (String what : List.of("database", "tablespace", "subscription")) {
      if (s.startsWith("create", what) || s.startsWith("drop", what)) return true;
    }
    return s.startsWith("alter", "system")
        || s.startsWith("create", "index", "concurrently")
        || s.startsWith("create", "unique", "index", "concurrently")
        || s.startsWith("drop", "index", "concurrently")
        || s.startsWith("reindex", "schema")
        || s.startsWith("reindex", "database")
        || s.startsWith("reindex", "system")
        || s.startsWith("reindex", "verbose", "schema")
        || s.startsWith("reindex", "verbose", "database")
        || s.startsWith("reindex", "verbose", "system")
        || s.startsWith("vacuum")
        || s.startsWith("discard", "all");
  }

  private void statement(SqlStatement s) {
    Cursor c = new Cursor(s.tokens());
    if (c.take("begin") || c.take("start", "transaction")) {
      inBlock = true;
      if (!transactional) newUnit();
      return;
    }
    if (c.take("commit") || c.take("end") || c.take("rollback") || c.take("abort")) {
      inBlock = false;
      return;
    }
    if (!transactional && !inBlock) newUnit();
    if (c.take("create")) create(c, s);
    else if (c.take("alter", "table")) alterTable(c);
    else if (c.take("alter", "domain")) alterDomain(c);
    else if (c.at("alter")) alterOther(c);
    else if (c.take("drop")) drop(c, s);
    else if (c.take("reindex")) reindex(c, s);
    else if (c.take("vacuum")) vacuum(c, s);
    else if (c.take("cluster")) cluster(c, s);
    else if (c.take("lock")) lock(c, s);
    else if (c.take("truncate")) truncate(c, s);
    else if (c.take("update")) backfill(c, s, "UPDATE");
    else if (c.take("delete", "from")) backfill(c, s, "DELETE FROM");
    else if (c.take("do")) body(s, "a DO block");
  }

  private void newUnit() {
    unit = ++units;
    alteredInUnit.clear();
  }

  // ---- CREATE

  private void create(Cursor c, SqlStatement s) {
    c.take("or", "replace");
    c.take("global");
    c.take("local");
    if (c.take("temp") || c.take("temporary") || c.take("unlogged")) {
      // a temporary or unlogged new table: new all the same
    }
    if (c.take("table")) {
      c.take("if", "not", "exists");
      QName table = c.name();
      if (table == null) return;
      createdTables.add(table.key());
      if (c.at("(")) createTableColumns(table, c.group());
      return;
    }
    boolean unique = c.take("unique");
    if (c.take("index")) {
      createIndex(c, s, unique);
      return;
    }
    if (c.take("function") || c.take("procedure")) {
      body(s, "a function body");
      return;
    }
    c.take("materialized");
    c.take("recursive");
    for (String kind : List.of("view", "sequence", "schema", "type", "domain")) {
      if (c.take(kind)) {
        c.take("if", "not", "exists");
        QName n = c.name();
        if (n != null) createdObjects.add(n.key());
        return;
      }
    }
  }

  private void createTableColumns(QName table, List<SqlToken> inside) {
    Set<String> cols = notNull.computeIfAbsent(table.key(), k -> new HashSet<>());
    for (List<SqlToken> element : Cursor.splitTopLevel(inside)) {
      Cursor e = new Cursor(element);
      if (e.take("constraint")) e.name();
      if (e.take("primary", "key")) {
        if (e.at("(")) for (SqlToken t : e.group()) if (t.isName()) cols.add(t.value());
        continue;
      }
      if (e.at("unique") || e.at("check") || e.at("foreign") || e.at("exclude") || e.at("like")) {
        continue;
      }
      SqlToken col = e.next();
      if (col == null || !col.isName()) continue;
      ColumnDef def = columnDef(e);
      if (def.notNull) cols.add(col.value());
    }
  }

  private void createIndex(Cursor c, SqlStatement s, boolean unique) {
    boolean concurrently = c.take("concurrently");
    c.take("if", "not", "exists");
    QName index = c.at("on") ? null : c.name();
    if (!c.take("on")) return;
    c.take("only");
    QName table = c.name();
    if (table == null) return;
    if (index != null) createdIndexes.add(index.key());
    if (!concurrently && !isNew(table)) {
      report(
          s.line(),
          Rule.CREATE_INDEX,
          "CREATE "
              + (unique ? "UNIQUE " : "")
              + "INDEX "
              + (index == null ? "" : index.shown() + " ")
              + "ON "
              + table.shown()
              + " without CONCURRENTLY: blocks every insert, update and delete on "
              + table.shown()
              + " until the index is built; instead, CREATE INDEX CONCURRENTLY, alone in its"
              + " file (Flyway then runs the file outside a transaction)");
    }
    if (concurrently && (inBlock || transactional)) {
      report(
          s.line(),
          Rule.CONCURRENTLY_IN_TRANSACTION,
          "CREATE INDEX CONCURRENTLY "
              + (inBlock
                  ? "inside BEGIN ... COMMIT"
                  : "in a file that Flyway runs in a transaction")
              + ": PostgreSQL refuses it there and the migration fails; instead, drop the"
              + " transaction and put the statement alone in a file of its own");
    }
  }

  // ---- ALTER TABLE

  private void alterTable(Cursor c) {
    c.take("if", "exists");
    c.take("only");
    QName table = c.name();
    if (table == null) return;
    c.takeSymbol("*");
    boolean fresh = isNew(table);
    if (c.at("rename")) {
      SqlToken at = c.next();
      if (c.take("to")) {
        QName to = c.name();
        if (!fresh) renameTable(at.line(), "ALTER TABLE " + table.shown(), to);
        if (to != null) createdTables.add(to.key());
      } else if (c.take("constraint")) {
        // a constraint's name is the schema's own business
      } else {
        c.take("column");
        SqlToken from = c.next();
        c.take("to");
        SqlToken to = c.next();
        if (!fresh && from != null && to != null) {
          report(
              at.line(),
              Rule.RENAME_COLUMN,
              "RENAME COLUMN "
                  + table.shown()
                  + "."
                  + from.text()
                  + " TO "
                  + to.text()
                  + ": the live color's queries still name "
                  + from.text()
                  + " and fail; instead, add the new column, have the new code write both,"
                  + " backfill, and drop the old one in a later release");
        }
      }
      return;
    }
    if (c.at("set", "schema")) {
      SqlToken at = c.next();
      if (!fresh) renameTable(at.line(), "ALTER TABLE " + table.shown() + " SET SCHEMA", null);
      return;
    }
    if (!fresh) alteredInUnit.putIfAbsent(table.key(), c.peek() == null ? 0 : c.peek().line());
    for (List<SqlToken> action : Cursor.splitTopLevel(c.rest())) {
      alterAction(table, fresh, new Cursor(action));
    }
  }

  private void renameTable(int line, String what, QName to) {
    report(
        line,
        Rule.RENAME_TABLE,
        what
            + (to == null ? "" : " RENAME TO " + to.shown())
            + ": the live color still uses the old name and its queries fail; instead, create"
            + " the new table (or a view with the new name), switch the code, and drop the old"
            + " one in a later release");
  }

  private void alterAction(QName table, boolean fresh, Cursor a) {
    SqlToken start = a.peek();
    if (start == null) return;
    int line = start.line();
    if (a.take("add")) {
      if (a.at("constraint")
          || a.at("check")
          || a.at("foreign")
          || a.at("unique")
          || a.at("primary")
          || a.at("exclude")) {
        addConstraint(table, fresh, a, line);
      } else {
        a.take("column");
        a.take("if", "not", "exists");
        SqlToken col = a.next();
        if (col == null || !col.isName()) return;
        addColumn(table, fresh, col, columnDef(a), line);
      }
    } else if (a.take("alter")) {
      a.take("column");
      SqlToken col = a.next();
      if (col == null) return;
      alterColumn(table, fresh, col, a, line);
    } else if (a.take("drop")) {
      if (a.take("constraint")) {
        a.take("if", "exists");
        SqlToken name = a.next();
        if (name != null) notValid.remove(table.key() + "/" + name.value());
        return;
      }
      a.take("column");
      a.take("if", "exists");
      SqlToken col = a.next();
      if (col == null || fresh) return;
      report(
          line,
          Rule.DROP_COLUMN,
          "DROP COLUMN "
              + table.shown()
              + "."
              + col.text()
              + ": the live color still selects and writes it, and those queries fail; instead,"
              + " stop using the column in one release and drop it in a later one");
    } else if (a.take("validate", "constraint")) {
      SqlToken name = a.next();
      if (name == null) return;
      Pending p = notValid.remove(table.key() + "/" + name.value());
      if (p == null) return;
      if (p.unit == unit && !fresh) {
        report(
            line,
            Rule.VALIDATE_SAME_TRANSACTION,
            "VALIDATE CONSTRAINT "
                + name.text()
                + " runs in the same transaction as its ADD ... NOT VALID (line "
                + p.line
                + "): the ADD's lock on "
                + table.shown()
                + " is held through the whole scan, blocking its writes; instead, VALIDATE in a"
                + " later file (its own transaction)");
      } else if (p.column != null) {
        checkedNotNull.computeIfAbsent(table.key(), k -> new HashSet<>()).add(p.column);
      }
    } else if (a.take("set", "logged") || a.take("set", "unlogged")) {
      if (!fresh) rewrite(line, "SET LOGGED/UNLOGGED on " + table.shown(), table, null);
    } else if (a.take("set", "tablespace") || a.take("set", "access", "method")) {
      if (!fresh)
        rewrite(line, "moving " + table.shown() + " (SET TABLESPACE/ACCESS METHOD)", table, null);
    }
  }

  private void addColumn(QName table, boolean fresh, SqlToken col, ColumnDef d, int line) {
    String name = table.shown() + "." + col.text();
    if (d.notNull) notNull.computeIfAbsent(table.key(), k -> new HashSet<>()).add(col.value());
    if (fresh) return;
    if (d.notNull && !d.hasDefault && !d.serial && !d.identity && !d.generated) {
      report(
          line,
          Rule.ADD_COLUMN_NOT_NULL,
          "ADD COLUMN "
              + name
              + " NOT NULL without a DEFAULT: the live color's inserts leave "
              + col.text()
              + " out and fail; instead, give it a constant DEFAULT (e.g. ADD COLUMN "
              + col.text()
              + " int NOT NULL DEFAULT 0, no rewrite on PostgreSQL 11+), or add it nullable now"
              + " and tighten it in a later release");
    }
    if (d.serial) {
      rewrite(
          line,
          "ADD COLUMN " + name + " of type " + d.type,
          table,
          "add a plain column, create the sequence, set the DEFAULT nextval(...) afterwards and"
              + " backfill existing rows in batches");
    } else if (d.identity) {
      rewrite(
          line,
          "ADD COLUMN " + name + " GENERATED AS IDENTITY",
          table,
          "add a plain column, backfill it in batches, then ALTER COLUMN ... ADD GENERATED ..."
              + " AS IDENTITY");
    } else if (d.generated) {
      rewrite(
          line,
          "ADD COLUMN " + name + " GENERATED ALWAYS AS (...) STORED",
          table,
          "add a plain column written by a trigger or the code, and backfill it in batches");
    } else if (d.volatileFunction != null) {
      rewrite(
          line,
          "ADD COLUMN "
              + name
              + " DEFAULT "
              + d.volatileFunction
              + "(...), which PostgreSQL must evaluate per row",
          table,
          "add the column without a default (or with a constant one), SET DEFAULT afterwards,"
              + " and backfill existing rows in batches");
    }
    if (d.primaryKey || d.unique) {
      report(
          line,
          Rule.UNIQUE_CONSTRAINT,
          "ADD COLUMN "
              + name
              + (d.primaryKey ? " PRIMARY KEY" : " UNIQUE")
              + ": builds its index under an ACCESS EXCLUSIVE lock, so no query on "
              + table.shown()
              + " runs meanwhile; instead, add the column, CREATE UNIQUE INDEX CONCURRENTLY in a"
              + " file of its own, then ADD CONSTRAINT ... USING INDEX");
    }
  }

  private void alterColumn(QName table, boolean fresh, SqlToken col, Cursor a, int line) {
    String name = table.shown() + "." + col.text();
    if (a.take("type") || a.take("set", "data", "type")) {
      if (fresh) return;
      String type = a.restText();
      report(
          line,
          Rule.CHANGE_COLUMN_TYPE,
          "ALTER COLUMN "
              + name
              + " TYPE "
              + type
              + ": the live color reads and writes the old type and can fail on the new one;"
              + " instead, add a column of the new type, write both, backfill, switch reads, and"
              + " drop the old column in a later release");
      rewrite(
          line,
          "ALTER COLUMN " + name + " TYPE " + type,
          table,
          "add a column of the new type and backfill it in batches");
    } else if (a.take("set", "not", "null")) {
      notNull.computeIfAbsent(table.key(), k -> new HashSet<>()).add(col.value());
      if (fresh || checked(table, col.value())) return;
      setNotNull(line, "SET NOT NULL on " + name, table, List.of(col));
    } else if (a.take("drop", "default")) {
      if (fresh || !notNull.getOrDefault(table.key(), Set.of()).contains(col.value())) return;
      report(
          line,
          Rule.DROP_DEFAULT,
          "DROP DEFAULT on "
              + name
              + ", which is NOT NULL: the live color's inserts that leave it out fail; instead,"
              + " keep the default until no color's code leaves the column out");
    } else if (a.take("drop", "not", "null")) {
      Set<String> cols = notNull.get(table.key());
      if (cols != null) cols.remove(col.value());
    }
  }

  private boolean checked(QName table, String column) {
    return checkedNotNull.getOrDefault(table.key(), Set.of()).contains(column);
  }

  private void setNotNull(int line, String what, QName table, List<SqlToken> cols) {
    String names = cols.stream().map(SqlToken::text).collect(Collectors.joining(", "));
    report(
        line,
        Rule.SET_NOT_NULL,
        what
            + ": the live color's writes that leave "
            + names
            + " NULL or out fail; instead, once both colors always write it, tighten it in"
            + " steps: ADD CONSTRAINT ... CHECK ("
            + cols.get(0).text()
            + " IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later file, then SET NOT NULL");
    report(
        line,
        Rule.SET_NOT_NULL_SCAN,
        what
            + ": PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock and every query"
            + " on "
            + table.shown()
            + " waits; instead, ADD CONSTRAINT ... CHECK ("
            + cols.get(0).text()
            + " IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later file, then SET NOT NULL"
            + " (PostgreSQL 12+ then skips the scan)");
  }

  private void addConstraint(QName table, boolean fresh, Cursor a, int line) {
    SqlToken constraintName = null;
    if (a.take("constraint")) constraintName = a.next();
    String label = constraintName == null ? "" : constraintName.text() + " ";
    List<SqlToken> rest = a.rest();
    boolean notValidGiven = endsWith(rest, "not", "valid");
    boolean usingIndex = contains(rest, "using", "index");
    Cursor r = new Cursor(rest);
    if (r.take("check")) {
      String column = isNotNullCheck(r.at("(") ? r.group() : List.of());
      if (fresh) return;
      if (!notValidGiven) {
        notValidReport(line, table, "ADD CONSTRAINT " + label + "CHECK", label, "");
        if (column != null) {
          checkedNotNull.computeIfAbsent(table.key(), k -> new HashSet<>()).add(column);
        }
      } else if (constraintName != null) {
        notValid.put(
            table.key() + "/" + constraintName.value(), new Pending(column, unit, line, file));
      }
    } else if (r.take("foreign", "key")) {
      if (fresh) return;
      if (!notValidGiven) {
        notValidReport(
            line,
            table,
            "ADD CONSTRAINT " + label + "FOREIGN KEY",
            label,
            " and on the table it references");
      } else if (constraintName != null) {
        notValid.put(
            table.key() + "/" + constraintName.value(), new Pending(null, unit, line, file));
      }
    } else if (r.at("unique") || r.at("primary") || r.at("exclude")) {
      boolean primary = r.take("primary", "key");
      boolean exclude = !primary && r.at("exclude");
      if (!primary) r.next();
      List<SqlToken> cols = r.at("(") ? names(r.group()) : List.of();
      if (primary) {
        Set<String> known = notNull.computeIfAbsent(table.key(), k -> new HashSet<>());
        List<SqlToken> unknown =
            cols.stream()
                .filter(t -> !known.contains(t.value()) && !checked(table, t.value()))
                .toList();
        known.addAll(cols.stream().map(SqlToken::value).toList());
        if (!fresh && !unknown.isEmpty()) {
          setNotNull(
              line,
              "ADD PRIMARY KEY on "
                  + table.shown()
                  + " sets NOT NULL on "
                  + unknown.stream().map(SqlToken::text).collect(Collectors.joining(", ")),
              table,
              unknown);
        }
      }
      if (fresh || usingIndex) return;
      report(
          line,
          Rule.UNIQUE_CONSTRAINT,
          "ADD CONSTRAINT "
              + label
              + (primary ? "PRIMARY KEY" : exclude ? "EXCLUDE" : "UNIQUE")
              + " on "
              + table.shown()
              + ": builds its index under an ACCESS EXCLUSIVE lock, so no query on "
              + table.shown()
              + " runs meanwhile; instead, "
              + (exclude
                  ? "enforce it another way, or build it while nothing uses the table"
                  : "CREATE UNIQUE INDEX CONCURRENTLY in a file of its own, then ADD CONSTRAINT"
                      + " ... "
                      + (primary ? "PRIMARY KEY" : "UNIQUE")
                      + " USING INDEX"));
    }
  }

  private void notValidReport(int line, QName table, String what, String label, String alsoOn) {
    report(
        line,
        Rule.CONSTRAINT_NOT_VALID,
        what
            + " on "
            + table.shown()
            + " without NOT VALID: checks every existing row while holding a lock that blocks"
            + " writes to "
            + table.shown()
            + alsoOn
            + "; instead, add it NOT VALID here and VALIDATE CONSTRAINT "
            + label.strip()
            + (label.isEmpty() ? "" : " ")
            + "in a later file");
  }

  /** The column of a {@code CHECK (col IS NOT NULL)}; null for any other check. */
  private static String isNotNullCheck(List<SqlToken> inside) {
    List<SqlToken> t = inside;
    while (t.size() >= 2 && t.get(0).isSymbol("(") && t.get(t.size() - 1).isSymbol(")")) {
      t = t.subList(1, t.size() - 1);
    }
    if (t.size() == 4
        && t.get(0).isName()
        && t.get(1).is("is")
        && t.get(2).is("not")
        && t.get(3).is("null")) {
      return t.get(0).value();
    }
    return null;
  }

  // ---- other ALTERs

  private void alterDomain(Cursor c) {
    QName domain = c.name();
    if (domain == null || createdObjects.contains(domain.key())) return;
    SqlToken at = c.peek();
    if (at == null) return;
    if (c.take("set", "not", "null")) {
      report(
          at.line(),
          Rule.SET_NOT_NULL,
          "ALTER DOMAIN "
              + domain.shown()
              + " SET NOT NULL: the live color's writes of NULL to"
              + " every column of that domain fail; instead, a CHECK ... NOT VALID on the domain,"
              + " validated in a later file, once no color writes NULL");
    } else if (c.take("add") && !endsWith(c.rest(), "not", "valid")) {
      report(
          at.line(),
          Rule.CONSTRAINT_NOT_VALID,
          "ALTER DOMAIN "
              + domain.shown()
              + " ADD CONSTRAINT without NOT VALID: checks every"
              + " column of that domain in every table under lock; instead, add it NOT VALID and"
              + " VALIDATE CONSTRAINT in a later file");
    }
  }

  private void alterOther(Cursor c) {
    SqlToken at = c.next();
    c.take("materialized");
    String kind;
    if (c.take("view")) kind = "VIEW";
    else if (c.take("sequence")) kind = "SEQUENCE";
    else return;
    c.take("if", "exists");
    QName n = c.name();
    if (n == null || createdObjects.contains(n.key())) return;
    if (c.take("rename", "to")) {
      renameTable(at.line(), "ALTER " + kind + " " + n.shown(), c.name());
    } else if (c.take("set", "schema")) {
      renameTable(at.line(), "ALTER " + kind + " " + n.shown() + " SET SCHEMA", null);
    } else if (c.take("rename")) {
      c.take("column");
      SqlToken from = c.next();
      if (from != null) {
        report(
            at.line(),
            Rule.RENAME_COLUMN,
            "RENAME COLUMN "
                + n.shown()
                + "."
                + from.text()
                + ": the live color's queries still name it and fail; instead, add the new name"
                + " alongside and drop the old one in a later release");
      }
    }
  }

  // ---- DROP

  private void drop(Cursor c, SqlStatement s) {
    if (c.take("index")) {
      boolean concurrently = c.take("concurrently");
      c.take("if", "exists");
      List<QName> names = c.names();
      if (concurrently && (inBlock || transactional)) {
        report(
            s.line(),
            Rule.CONCURRENTLY_IN_TRANSACTION,
            "DROP INDEX CONCURRENTLY "
                + (inBlock ? "inside BEGIN ... COMMIT" : "in a file Flyway runs in a transaction")
                + ": PostgreSQL refuses it there and the migration fails; instead, drop the"
                + " transaction and put the statement alone in a file of its own");
      }
      if (concurrently) return;
      List<QName> old = names.stream().filter(n -> !createdIndexes.contains(n.key())).toList();
      if (!old.isEmpty()) {
        report(
            s.line(),
            Rule.DROP_INDEX,
            "DROP INDEX "
                + shown(old)
                + " without CONCURRENTLY: takes an ACCESS EXCLUSIVE lock on its table, so every"
                + " query on it waits (and queues behind any long read); instead, DROP INDEX"
                + " CONCURRENTLY, alone in its file");
      }
      return;
    }
    if (c.take("table")) {
      c.take("if", "exists");
      List<QName> old = c.names().stream().filter(n -> !isNew(n)).toList();
      if (!old.isEmpty()) {
        report(
            s.line(),
            Rule.DROP_TABLE,
            "DROP TABLE "
                + shown(old)
                + ": the live color still reads and writes it and fails once it is gone;"
                + " instead, stop using it in one release and drop it in a later one");
      }
      return;
    }
    c.take("materialized");
    for (String kind :
        List.of("view", "sequence", "schema", "type", "domain", "function", "procedure")) {
      if (c.take(kind)) {
        c.take("if", "exists");
        List<QName> old =
            c.names().stream().filter(n -> !createdObjects.contains(n.key())).toList();
        if (!old.isEmpty()) {
          report(
              s.line(),
              Rule.DROP_OBJECT,
              "DROP "
                  + kind.toUpperCase(java.util.Locale.ROOT)
                  + " "
                  + shown(old)
                  + ": the live color may still use it and fail; instead, stop using it in one"
                  + " release and drop it in a later one");
        }
        return;
      }
    }
  }

  // ---- maintenance and data statements

  private void reindex(Cursor c, SqlStatement s) {
    if (c.at("(")) c.group();
    c.take("verbose");
    boolean concurrently = false;
    for (SqlToken t : s.tokens()) concurrently |= t.is("concurrently");
    if (!concurrently) {
      report(
          s.line(),
          Rule.EXCLUSIVE_LOCK,
          "REINDEX without CONCURRENTLY: blocks writes to the table (and reads that use the"
              + " index) until it ends; instead, REINDEX ... CONCURRENTLY in a file of its own,"
              + " run outside a transaction");
    } else if (transactional || inBlock) {
      report(
          s.line(),
          Rule.CONCURRENTLY_IN_TRANSACTION,
          "REINDEX ... CONCURRENTLY in a file Flyway runs in a transaction (Flyway does not know"
              + " it cannot run in one): PostgreSQL refuses it and the migration fails; instead,"
              + " put it alone in a file with a "
              + file
              + ".conf holding"
              + " executeInTransaction=false");
    }
  }

  private void vacuum(Cursor c, SqlStatement s) {
    boolean full = false;
    for (SqlToken t : s.tokens()) full |= t.is("full");
    if (full) {
      report(
          s.line(),
          Rule.TABLE_REWRITE,
          "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock: every query on it waits"
              + " until it ends; instead, a plain VACUUM, or pg_repack outside the release");
    }
  }

  private void cluster(Cursor c, SqlStatement s) {
    report(
        s.line(),
        Rule.TABLE_REWRITE,
        "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock: every query on it waits until"
            + " it ends; instead, pg_repack outside the release");
  }

  private void lock(Cursor c, SqlStatement s) {
    c.take("table");
    c.take("only");
    List<QName> tables = c.names().stream().filter(n -> !isNew(n)).toList();
    if (tables.isEmpty()) return;
    report(
        s.line(),
        Rule.EXCLUSIVE_LOCK,
        "LOCK TABLE "
            + shown(tables)
            + ": holds the lock until the migration's transaction ends, and live queries on it"
            + " wait that long; instead, let each statement take only the lock it needs");
  }

  private void truncate(Cursor c, SqlStatement s) {
    c.take("table");
    c.take("only");
    List<QName> tables = c.names().stream().filter(n -> !isNew(n)).toList();
    if (tables.isEmpty()) return;
    report(
        s.line(),
        Rule.TRUNCATE,
        "TRUNCATE "
            + shown(tables)
            + ": deletes the rows the live color serves; instead, delete what you mean to, or"
            + " empty a table only once no color uses it");
  }

  private void backfill(Cursor c, SqlStatement s, String verb) {
    c.take("only");
    QName table = c.name();
    if (table == null) return;
    Integer altered = alteredInUnit.get(table.key());
    if (altered == null) return;
    report(
        s.line(),
        Rule.BACKFILL_WITH_DDL,
        verb
            + " "
            + table.shown()
            + " in the same transaction as the ALTER TABLE on line "
            + altered
            + ": the ALTER's ACCESS EXCLUSIVE lock is held until every row is written, and live"
            + " queries on "
            + table.shown()
            + " wait that long; instead, backfill in a file of its own, in batches");
  }

  /** A DO block or a function body is opaque, but CONCURRENTLY can never run inside one. */
  private void body(SqlStatement s, String where) {
    if (mentionsConcurrently(s.tokens(), 0)) {
      report(
          s.line(),
          Rule.CONCURRENTLY_IN_TRANSACTION,
          "CONCURRENTLY inside "
              + where
              + ": PostgreSQL refuses it there (a function always runs in a transaction) and the"
              + " migration fails; instead, a plain statement alone in a file of its own");
    }
  }

  /** Whether the word CONCURRENTLY appears in code, also in strings run by EXECUTE. */
  private static boolean mentionsConcurrently(List<SqlToken> tokens, int depth) {
    for (SqlToken t : tokens) {
      if (t.is("concurrently")) return true;
      if (depth < 3 && (t.kind() == Kind.DOLLAR || t.kind() == Kind.STRING)) {
        SqlLexer.Result inner = SqlLexer.lex(t.value());
        if (mentionsConcurrently(inner.tokens(), depth + 1)) return true;
      }
    }
    return false;
  }

  // ---- helpers

  private void rewrite(int line, String what, QName table, String instead) {
    report(
        line,
        Rule.TABLE_REWRITE,
        what
            + ": PostgreSQL rewrites all of "
            + table.shown()
            + " under an ACCESS EXCLUSIVE lock and every query on it waits until the rewrite"
            + " ends; instead, "
            + (instead == null ? "do it while no color uses the table" : instead));
  }

  private boolean isNew(QName table) {
    return createdTables.contains(table.key());
  }

  private void report(int line, Rule rule, String message) {
    out.add(new Finding(file, line, rule, message));
  }

  private static String shown(List<QName> names) {
    return names.stream().map(QName::shown).collect(Collectors.joining(", "));
  }

  private static String first(SqlStatement s, int n) {
    return s.tokens().stream()
        .limit(n)
        .map(t -> t.text().toUpperCase(java.util.Locale.ROOT))
        .collect(Collectors.joining(" "));
  }

  private static boolean endsWith(List<SqlToken> t, String a, String b) {
    return t.size() >= 2 && t.get(t.size() - 2).is(a) && t.get(t.size() - 1).is(b);
  }

  private static boolean contains(List<SqlToken> t, String a, String b) {
    for (int i = 0; i + 1 < t.size(); i++) if (t.get(i).is(a) && t.get(i + 1).is(b)) return true;
    return false;
  }

  private static List<SqlToken> names(List<SqlToken> inside) {
    List<SqlToken> out = new ArrayList<>();
    for (List<SqlToken> e : Cursor.splitTopLevel(inside)) {
      if (!e.isEmpty() && e.get(0).isName()) out.add(e.get(0));
    }
    return out;
  }

  /** What a column definition says, read up to the end of its action. */
  private static final class ColumnDef {
    String type = "";
    boolean notNull;
    boolean hasDefault;
    boolean serial;
    boolean identity;
    boolean generated;
    boolean primaryKey;
    boolean unique;
    String volatileFunction;
  }

  private static ColumnDef columnDef(Cursor c) {
    ColumnDef d = new ColumnDef();
    List<SqlToken> type = c.until(COLUMN_CONSTRAINT);
    d.type = type.stream().map(SqlToken::text).collect(Collectors.joining(" "));
    d.serial = !type.isEmpty() && SERIAL.contains(type.get(0).value());
    while (!c.done()) {
      if (c.take("constraint")) {
        c.next();
      } else if (c.take("not", "null")) {
        d.notNull = true;
      } else if (c.take("null")) {
        d.notNull = false;
      } else if (c.take("default")) {
        if (c.take("null")) {
          d.hasDefault = false; // DEFAULT NULL is no default at all
          continue;
        }
        List<SqlToken> expr = c.until(COLUMN_CONSTRAINT);
        d.hasDefault = true;
        d.volatileFunction = volatileFunction(expr);
      } else if (c.take("check")) {
        if (c.at("(") && isNotNullCheck(c.group()) != null) d.notNull = true;
      } else if (c.take("primary", "key")) {
        d.primaryKey = true;
        d.notNull = true;
      } else if (c.take("unique")) {
        d.unique = true;
      } else if (c.take("generated")) {
        List<SqlToken> g = c.until(COLUMN_CONSTRAINT);
        boolean identity = false;
        for (SqlToken t : g) identity |= t.is("identity");
        if (identity) d.identity = true;
        else d.generated = true;
      } else {
        c.next();
      }
    }
    return d;
  }

  /** The first function called in a DEFAULT that may be volatile; null if there is none. */
  private static String volatileFunction(List<SqlToken> expr) {
    for (int i = 0; i + 1 < expr.size(); i++) {
      SqlToken t = expr.get(i);
      boolean call = t.kind() == Kind.WORD && expr.get(i + 1).isSymbol("(");
      boolean afterCast = i > 0 && expr.get(i - 1).isSymbol("::");
      if (call && !afterCast && !NON_VOLATILE.contains(t.value())) return t.text();
    }
    return null;
  }
}
