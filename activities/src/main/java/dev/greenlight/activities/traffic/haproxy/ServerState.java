package dev.greenlight.activities.traffic.haproxy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server's row of HAProxy's {@code show servers state <backend>}.
 *
 * @param name the server's name in the backend
 * @param opState operational state: 0 stopped (down), 1 starting, 2 running, 3 stopping
 * @param adminState administrative flags (maintenance, drain), see HAProxy's management guide
 * @param weight the current user weight
 * @param checkState health check flags (0x04: checks enabled), 0 when the column is missing
 * @param checkResult the last health check's result: 0 none yet, 2 failed, 3 passed, 4 passed
 *     conditionally
 */
public record ServerState(
    String name, int opState, int adminState, int weight, int checkState, int checkResult) {
  /** FMAINT, IMAINT and RMAINT: the server takes no traffic at all. */
  private static final int MAINT_FLAGS = 0x01 | 0x02 | 0x20;

  /** FDRAIN and IDRAIN: the server takes no new load-balanced traffic. */
  private static final int DRAIN_FLAGS = 0x08 | 0x10;

  private static final List<String> COLUMNS =
      List.of("srv_name", "srv_op_state", "srv_admin_state", "srv_uweight");

  /**
   * True when the server is in maintenance (set by us with {@code state maint}, or {@code
   * disabled}).
   */
  public boolean maint() {
    return (adminState & MAINT_FLAGS) != 0;
  }

  /**
   * True when neither in maintenance nor draining: it takes traffic in proportion to its weight.
   */
  public boolean ready() {
    return (adminState & (MAINT_FLAGS | DRAIN_FLAGS)) == 0;
  }

  /** True unless health checks report the server down. */
  public boolean up() {
    return opState != 0;
  }

  /**
   * True when HAProxy will send it traffic and means it: up and, when health checks are enabled,
   * its last check passed. A server leaving maintenance counts as up at once, before any check.
   */
  public boolean healthy() {
    boolean checked = (checkState & 0x04) != 0;
    return up() && (!checked || checkResult == 3 || checkResult == 4);
  }

  /** The weight it takes part in load balancing with: 0 in maintenance or drain. */
  public int share() {
    if (maint() || (adminState & DRAIN_FLAGS) != 0) return 0;
    return weight;
  }

  /** Short words for messages: "ready, weight 100", "maint", "ready, weight 0, DOWN". */
  public String describe() {
    String s =
        maint()
            ? "maint"
            : ((adminState & DRAIN_FLAGS) != 0 ? "drain" : "ready") + ", weight " + weight;
    return up() || maint() ? s : s + ", DOWN";
  }

  /**
   * Parses the answer to {@code show servers state <backend>}: a version line, a {@code #} header
   * naming the columns, one row per server.
   *
   * @return servers by name, in HAProxy's order
   * @throws IllegalArgumentException when the answer has no header (it is then an error message)
   */
  public static Map<String, ServerState> parse(String answer) {
    List<String> lines = answer.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    List<String> header = null;
    Map<String, ServerState> servers = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.startsWith("#")) {
        header = Arrays.asList(line.substring(1).trim().split("\\s+"));
        if (!header.containsAll(COLUMNS)) throw new IllegalArgumentException(answer.trim());
        continue;
      }
      if (header == null) continue; // the format version line
      String[] f = line.split("\\s+");
      String name = f[header.indexOf("srv_name")];
      servers.put(
          name,
          new ServerState(
              name,
              Integer.parseInt(f[header.indexOf("srv_op_state")]),
              Integer.parseInt(f[header.indexOf("srv_admin_state")]),
              Integer.parseInt(f[header.indexOf("srv_uweight")]),
              optional(f, header, "srv_check_state"),
              optional(f, header, "srv_check_result")));
    }
    if (header == null) {
      throw new IllegalArgumentException(answer.isBlank() ? "(empty answer)" : answer.trim());
    }
    return servers;
  }

  private static int optional(String[] fields, List<String> header, String column) {
    int i = header.indexOf(column);
    return i < 0 || i >= fields.length ? 0 : Integer.parseInt(fields[i]);
  }
}
