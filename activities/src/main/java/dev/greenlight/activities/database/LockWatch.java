package dev.greenlight.activities.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the migration's session while it runs, from a connection of its own: when the migration
 * waits on a lock, who holds it ({@code pg_blocking_pids}) and what that session is doing ({@code
 * pg_stat_activity}). Kept from the last look before a lock timeout, so the failure can name the
 * blocker even after it moved on.
 */
final class LockWatch implements AutoCloseable {
  private static final String QUERY =
      "SELECT b.pid, b.query, b.state,"
          + " extract(epoch FROM now() - coalesce(b.xact_start, b.query_start))::bigint,"
          + " (SELECT string_agg(DISTINCT l.relation::regclass::text, ', ') FROM pg_locks l"
          + "   WHERE l.pid = w.pid AND NOT l.granted AND l.relation IS NOT NULL)"
          + " FROM pg_stat_activity w"
          + " CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS bp(pid)"
          + " JOIN pg_stat_activity b ON b.pid = bp.pid"
          + " WHERE w.application_name = ? AND w.pid <> pg_backend_pid()"
          + " ORDER BY 4 DESC NULLS LAST LIMIT 1";

  /**
   * A session that held a lock the migration waited for.
   *
   * @param pid its backend process id
   * @param query its current or last query; null when the migration's user may not see it
   * @param state e.g. "idle in transaction"
   * @param ageSeconds how long its transaction (or query) had been open
   * @param table the table the migration waited for; null when it waited for something else
   */
  record Blocker(int pid, String query, String state, long ageSeconds, String table) {
    String describe() {
      String what =
          query == null || query.startsWith("<insufficient privilege>")
              ? "a query the migration's user may not see (grant it pg_read_all_stats)"
              : "\"" + oneLine(query, 200) + "\"";
      return "session "
          + pid
          + " ("
          + (state == null ? "state unknown" : state)
          + ", its transaction open for "
          + ageSeconds
          + "s) running "
          + what;
    }
  }

  private final AtomicReference<Blocker> last = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean stopped;

  private LockWatch(String url, String user, String password, String applicationName) {
    thread = new Thread(() -> watch(url, user, password, applicationName), "greenlight-lock-watch");
    thread.setDaemon(true);
  }

  /** Starts watching the sessions named {@code applicationName}. */
  static LockWatch start(String url, String user, String password, String applicationName) {
    LockWatch w = new LockWatch(url, user, password, applicationName);
    w.thread.start();
    return w;
  }

  /** The last blocker seen; null if the migration never waited on anyone. */
  Blocker last() {
    return last.get();
  }

  private void watch(String url, String user, String password, String applicationName) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement s = c.prepareStatement(QUERY)) {
      s.setString(1, applicationName);
      while (!stopped) {
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            last.set(
                new Blocker(
                    r.getInt(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5)));
          }
        }
        Thread.sleep(Duration.ofMillis(200).toMillis());
      }
    } catch (SQLException e) {
      // the watch only improves the message; the migration's own errors say what failed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String oneLine(String text, int max) {
    String t = text.strip().replaceAll("\\s+", " ");
    return t.length() <= max ? t : t.substring(0, max) + "...";
  }
}
