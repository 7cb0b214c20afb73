package dev.greenlight.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A mapping in the spec, with its dotted path; remembers which keys were read. Problems are
 * collected with their field paths ({@code router.haproxy.socket: is required}). A pluggable
 * backend (a router type, a metric source) reads its own section with it.
 */
public final class SpecNode {
  private static final Pattern FACTOR = Pattern.compile("\\d{1,6}(\\.\\d{1,6})?x");

  private final JsonNode node;
  private final String path;
  private final List<String> problems;
  private final Set<String> seen = new LinkedHashSet<>();

  SpecNode(JsonNode node, String path, List<String> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  public String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public void problem(String key, String message) {
    problems.add(at(key) + ": " + message);
  }

  public JsonNode raw(String key) {
    seen.add(key);
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  public SpecNode obj(String key, boolean required) {
    JsonNode v = raw(key);
    if (v == null) {
      if (required) problem(key, "is required");
      return null;
    }
    if (!v.isObject()) {
      problem(key, "expected a mapping");
      return null;
    }
    return new SpecNode(v, at(key), problems);
  }

  public String str(String key, String dflt) {
    JsonNode v = raw(key);
    if (v == null) return dflt;
    if (!v.isValueNode() || v.asText().isBlank()) {
      problem(key, "expected a non-empty text value");
      return dflt;
    }
    return v.asText().trim();
  }

  public String url(String key, boolean required) {
    String u = str(key, null);
    if (u == null) {
      if (required) problem(key, "is required (e.g. http://127.0.0.1:8081)");
      return null;
    }
    try {
      URI uri = new URI(u);
      if (uri.getRawUserInfo() != null) {
        // never echoed: it may hold a password
        problem(
            key,
            "must not contain a user name or password (user:password@): they would be printed and"
                + " recorded");
      } else if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        problem(key, "'" + u + "' is not an http(s) URL with a host");
      } else if (uri.getRawQuery() != null) {
        problem(key, "'" + u + "' must not have a query string (?...): paths are appended to it");
      } else if (uri.getRawFragment() != null) {
        problem(key, "'" + u + "' must not have a fragment (#...): paths are appended to it");
      }
    } catch (Exception e) {
      problem(key, "'" + u + "' is not a URL");
    }
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  public String path(String key, String dflt) {
    String p = str(key, dflt);
    if (p != null && !p.startsWith("/")) {
      problem(key, "'" + p + "' must start with /");
    }
    return p;
  }

  public String file(String key, boolean required) {
    String f = str(key, null);
    if (f == null) {
      if (required) problem(key, "is required");
      return null;
    }
    return f;
  }

  public Duration duration(String key, Duration dflt) {
    JsonNode v = raw(key);
    if (v == null) return dflt;
    try {
      Duration d = Durations.parse(v.asText());
      if (d.isZero()) {
        problem(key, "must be longer than 0");
        return dflt;
      }
      return d;
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return dflt;
    }
  }

  public int integer(String key, int dflt, int min, int max) {
    JsonNode v = raw(key);
    if (v == null) return dflt;
    if (!v.isIntegralNumber()) {
      problem(key, "'" + v.asText() + "' is not a whole number");
      return dflt;
    }
    // canConvertToInt first: asInt() would wrap 4294967297 to 1
    if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      problem(key, v.asText() + " is outside " + min + ".." + max);
      return dflt;
    }
    return v.asInt();
  }

  public double fraction(String key, double dflt) {
    JsonNode v = raw(key);
    if (v == null) return dflt;
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0 || v.asDouble() > 1) {
      problem(key, "'" + v.asText() + "' is not a share between 0 and 1 (e.g. 0.05 for 5%)");
      return dflt;
    }
    return v.asDouble();
  }

  public MonitorSpec.LatencyLimit latency(String key, MonitorSpec.LatencyLimit dflt) {
    JsonNode v = raw(key);
    if (v == null) return dflt;
    String t = v.asText().trim();
    if (t.endsWith("x")) {
      // digits only: Double.parseDouble would take NaN, Infinity, 1e9 and 0x1p3
      if (!FACTOR.matcher(t).matches()) {
        problem(key, "'" + t + "' is not a factor like 2.0x");
        return dflt;
      }
      double f = Double.parseDouble(t.substring(0, t.length() - 1));
      if (f <= 1.0) {
        problem(key, "'" + t + "' must be a factor above 1.0x of the baseline");
        return dflt;
      }
      return new MonitorSpec.LatencyLimit(null, f);
    }
    Duration d;
    try {
      d = Durations.parse(t);
    } catch (IllegalArgumentException e) {
      problem(
          key,
          t.matches("\\d+[a-z]+")
              ? e.getMessage()
              : "'" + t + "' is neither a duration (1000ms) nor a factor of the baseline (2.0x)");
      return dflt;
    }
    if (d.isZero()) {
      problem(key, "'" + t + "' must be longer than 0");
      return dflt;
    }
    return new MonitorSpec.LatencyLimit(d.toMillis(), null);
  }

  public List<String> strings(String key) {
    JsonNode v = raw(key);
    List<String> out = new ArrayList<>();
    if (v == null) return out;
    if (!v.isArray()) {
      problem(key, "expected a list of names");
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isValueNode() || e.asText().isBlank()) {
        problems.add(at(key) + "[" + i + "]: expected a name");
      } else if (out.contains(e.asText().trim())) {
        problems.add(at(key) + "[" + i + "]: '" + e.asText().trim() + "' is listed twice");
      } else {
        out.add(e.asText().trim());
      }
    }
    return out;
  }

  public Hook hook(String key, boolean required, Path baseDir) {
    JsonNode v = raw(key);
    if (v == null) {
      if (required) problem(key, "is required (an argv list, or a string run by sh -c)");
      return null;
    }
    if (v.isTextual()) {
      if (v.asText().isBlank()) {
        problem(key, "is empty");
        return null;
      }
      return new Hook(null, v.asText(), baseDir.toString());
    }
    if (v.isArray() && !v.isEmpty()) {
      List<String> argv = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isValueNode()) {
          problems.add(at(key) + "[" + i + "]: expected a text argument");
          return null;
        }
        argv.add(v.get(i).asText());
      }
      return new Hook(List.copyOf(argv), null, baseDir.toString());
    }
    problem(key, "expected an argv list or a command string");
    return null;
  }

  /**
   * The entries of the list at {@code key}, each as a node ({@code notify[0]}); null in place of an
   * entry that is not a mapping. Empty when the key is absent or not a list.
   */
  public List<SpecNode> items(String key) {
    JsonNode v = raw(key);
    List<SpecNode> out = new ArrayList<>();
    if (v == null || !v.isArray()) return out;
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      out.add(e.isObject() ? new SpecNode(e, at(key) + "[" + i + "]", problems) : null);
    }
    return out;
  }

  /** Whether the mapping has {@code key} (without marking it read). */
  public boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  /**
   * A list of mappings, each with its path ({@code monitor.checks[1]}); a problem for anything
   * else. Empty when absent.
   */
  public List<SpecNode> objects(String key) {
    JsonNode v = raw(key);
    List<SpecNode> out = new ArrayList<>();
    if (v == null) return out;
    if (!v.isArray()) {
      problem(key, "expected a list");
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        problems.add(at(key) + "[" + i + "]: expected a mapping");
      } else {
        out.add(new SpecNode(v.get(i), at(key) + "[" + i + "]", problems));
      }
    }
    return out;
  }

  /** A finite number, or {@code dflt} when absent. */
  public Double number(String key, Double dflt) {
    JsonNode v = raw(key);
    if (v == null) return dflt;
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      problem(key, "'" + v.asText() + "' is not a number");
      return dflt;
    }
    return v.asDouble();
  }

  /** One of {@code allowed}, or {@code dflt} when absent. */
  public String oneOf(String key, String dflt, List<String> allowed) {
    String v = str(key, null);
    if (v == null) return dflt;
    if (!allowed.contains(v)) {
      problem(key, "'" + v + "' is not one of: " + String.join(", ", allowed));
      return dflt;
    }
    return v;
  }

  /** Reports every key that no one read: a typo must not be silently ignored. */
  public void finish() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!seen.contains(k)) {
        problems.add(at(k) + ": unknown field (expected one of: " + String.join(", ", seen) + ")");
      }
    }
  }
}
