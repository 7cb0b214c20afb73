package dev.greenlight.activities.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The indexes PostgreSQL marks INVALID: what a {@code CREATE INDEX CONCURRENTLY} leaves behind when
 * it fails (a lock timeout, a duplicate). Such an index slows every write and serves no read; a
 * retry of the same statement would fail on its name, or skip it with {@code IF NOT EXISTS}.
 */
final class InvalidIndexes {
  private InvalidIndexes() {}

  /** Every invalid index in the database: its quoted, schema-qualified name to its bare name. */
  static Map<String, String> list(Connection c) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT format('%I.%I', n.nspname, i.relname), i.relname FROM pg_index x"
                    + " JOIN pg_class i ON i.oid = x.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = i.relnamespace"
                    + " WHERE NOT x.indisvalid ORDER BY 1")) {
      while (r.next()) out.put(r.getString(1), r.getString(2));
    }
    return out;
  }

  /** Drops {@code index} without blocking the table ({@code DROP INDEX CONCURRENTLY}). */
  static void drop(Connection c, String index) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index);
    }
  }
}
