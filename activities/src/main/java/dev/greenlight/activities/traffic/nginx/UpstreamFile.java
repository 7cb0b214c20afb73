package dev.greenlight.activities.traffic.nginx;

import dev.greenlight.api.model.Color;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx file holding one {@code upstream <name> { server ...; }} block: parsed to learn each
 * color's weight, and rendered with new weights. Text outside the block and the block's other
 * directives ({@code keepalive 32;}, {@code least_conn;}) are kept; so are a server's other
 * parameters ({@code max_fails=3}). A server without {@code weight=} has weight 1; one marked
 * {@code down} or {@code backup} takes no share.
 *
 * <p>Greenlight writes a first line {@code # greenlight: pending reload} before it tests and
 * reloads nginx and {@code # greenlight: applied} after, so a switch interrupted between writing
 * and reloading is redone rather than taken as already in place.
 */
public final class UpstreamFile {
  /** A {@code server} statement. */
  record Server(String address, List<String> params) {
    int share() {
      int weight = 1;
      for (String p : params) {
        if (p.equals("down") || p.equals("backup")) return 0;
        if (p.startsWith("weight=")) weight = Integer.parseInt(p.substring("weight=".length()));
      }
      return weight;
    }
  }

  private static final String MARKER = "# greenlight: ";
  private static final String APPLIED = MARKER + "applied";
  private static final String PENDING = MARKER + "pending reload";

  private final String name;
  private final String before;
  private final String after;
  private final List<Server> servers;
  private final List<String> directives;
  private final boolean pending;

  private UpstreamFile(
      String name,
      String before,
      String after,
      List<Server> servers,
      List<String> directives,
      boolean pending) {
    this.name = name;
    this.before = before;
    this.after = after;
    this.servers = servers;
    this.directives = directives;
    this.pending = pending;
  }

  /** A file that does not exist yet. */
  static UpstreamFile empty(String name) {
    return new UpstreamFile(name, "", "\n", List.of(), List.of(), false);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong, when there is no such block or a server
   *     statement cannot be read
   */
  static UpstreamFile parse(String text, String name) {
    boolean pending = false;
    StringBuilder rest = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(MARKER)) {
        pending |= line.startsWith(PENDING);
      } else {
        rest.append(line).append('\n');
      }
    }
    String body =
        rest.substring(0, Math.max(0, rest.length() - 1)); // the split added one '\n' too many
    if (body.isBlank()) return new UpstreamFile(name, "", "\n", List.of(), List.of(), pending);
    Matcher m =
        Pattern.compile("(?m)^[ \\t]*upstream\\s+" + Pattern.quote(name) + "\\s*\\{").matcher(body);
    if (!m.find()) {
      throw new IllegalArgumentException("has no `upstream " + name + " { ... }` block");
    }
    int close = closingBrace(body, m.end());
    if (close < 0) throw new IllegalArgumentException("`upstream " + name + " {` is never closed");
    List<Server> servers = new ArrayList<>();
    List<String> directives = new ArrayList<>();
    for (String statement : withoutComments(body.substring(m.end(), close)).split(";")) {
      String s = statement.trim().replaceAll("\\s+", " ");
      if (s.isEmpty()) continue;
      List<String> words = List.of(s.split(" "));
      if (words.get(0).equals("server")) {
        if (words.size() < 2)
          throw new IllegalArgumentException("has a server statement without address");
        Server server = new Server(words.get(1), words.subList(2, words.size()));
        try {
          server.share();
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("has an unreadable weight in `" + s + ";`");
        }
        servers.add(server);
      } else {
        directives.add(s);
      }
    }
    return new UpstreamFile(
        name,
        body.substring(0, m.start()),
        body.substring(close + 1),
        servers,
        directives,
        pending);
  }

  /** True when the last switch wrote this file but did not get to reload nginx. */
  boolean pending() {
    return pending;
  }

  /** True when the file has no server yet (new or blank). */
  boolean isEmpty() {
    return servers.isEmpty();
  }

  /**
   * Each color's weight (0 when absent, down or backup).
   *
   * @throws IllegalArgumentException when a server is neither color's address
   */
  Map<Color, Integer> shares(Map<Color, String> addresses) {
    Map<Color, Integer> shares = new EnumMap<>(Color.class);
    for (Color c : Color.values()) shares.put(c, 0);
    for (Server s : servers) {
      Color color = colorOf(s.address(), addresses);
      if (color == null) {
        throw new IllegalArgumentException(
            "lists server "
                + s.address()
                + ", which is neither blue ("
                + addresses.get(Color.BLUE)
                + ") nor green ("
                + addresses.get(Color.GREEN)
                + ")");
      }
      shares.merge(color, s.share(), Integer::sum);
    }
    return shares;
  }

  /**
   * The file with one server per color: {@code weight=N} for a share above 0, {@code down} for 0.
   * Everything else in the file stays.
   */
  String render(Map<Color, String> addresses, Map<Color, Integer> weights, boolean pendingReload) {
    StringBuilder out = new StringBuilder();
    out.append(pendingReload ? PENDING : APPLIED).append('\n');
    out.append(before);
    out.append("upstream ").append(name).append(" {\n");
    for (Color c : Color.values()) {
      List<String> params = new ArrayList<>();
      for (Server s : servers) {
        if (c == colorOf(s.address(), addresses)) {
          for (String p : s.params()) {
            if (!p.equals("down")
                && !p.equals("backup")
                && !p.startsWith("weight=")
                && !params.contains(p)) params.add(p);
          }
        }
      }
      int w = weights.get(c);
      out.append("    server ").append(addresses.get(c)).append(w > 0 ? " weight=" + w : " down");
      for (String p : params) out.append(' ').append(p);
      out.append(";  # ").append(c).append('\n');
    }
    for (String d : directives) out.append("    ").append(d).append(";\n");
    out.append('}');
    out.append(after.isEmpty() ? "\n" : after);
    return out.toString();
  }

  /** The color whose address is {@code address} (a missing port means 80, as in nginx), or null. */
  private static Color colorOf(String address, Map<Color, String> addresses) {
    for (Color c : Color.values()) {
      if (withPort(address).equals(withPort(addresses.get(c)))) return c;
    }
    return null;
  }

  private static String withPort(String address) {
    String a = address.toLowerCase(Locale.ROOT);
    boolean hasPort = a.startsWith("[") ? a.contains("]:") : a.contains(":");
    return hasPort ? a : a + ":80";
  }

  private static int closingBrace(String text, int from) {
    boolean comment = false;
    for (int i = from; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (comment) {
        if (ch == '\n') comment = false;
      } else if (ch == '#') {
        comment = true;
      } else if (ch == '}') {
        return i;
      }
    }
    return -1;
  }

  private static String withoutComments(String text) {
    return text.replaceAll("#[^\n]*", "");
  }
}
