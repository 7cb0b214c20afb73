package dev.greenlight.compose;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Dockerfile's stages, with what docker would take from each: ENTRYPOINT, CMD, USER. */
record Dockerfile(Map<String, Dockerfile.Stage> stages, List<Stage> order) {

  /**
   * One stage; entrypoint and cmd are inherited from a parent stage (FROM name) unless set, and a
   * stage's own ENTRYPOINT clears the parent's CMD, as docker does.
   */
  record Stage(
      String name,
      String from,
      List<String> lines,
      List<String> entrypoint,
      List<String> cmd,
      String user,
      String healthcheck) {}

  Stage stage(String name) {
    if (name == null) return order.get(order.size() - 1);
    Stage s = stages.get(name);
    if (s == null) throw new IllegalArgumentException("no stage " + name + " in the Dockerfile");
    return s;
  }

  Stage last() {
    return order.get(order.size() - 1);
  }

  static Dockerfile parse(String text) {
    List<String> logical = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.strip().startsWith("#") && cur.isEmpty()) continue;
      if (line.endsWith("\\")) {
        cur.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      cur.append(line);
      if (!cur.toString().isBlank()) logical.add(cur.toString().strip());
      cur.setLength(0);
    }
    Map<String, Stage> stages = new LinkedHashMap<>();
    List<Stage> order = new ArrayList<>();
    String name = null;
    String from = null;
    List<String> lines = null;
    List<String> entrypoint = List.of();
    List<String> cmd = List.of();
    String user = null;
    String health = null;
    for (String l : logical) {
      String[] w = l.split("\\s+", 2);
      String op = w[0].toUpperCase();
      String arg = w.length > 1 ? w[1] : "";
      if (op.equals("FROM")) {
        if (lines != null) {
          Stage s = new Stage(name, from, lines, entrypoint, cmd, user, health);
          order.add(s);
          if (name != null) stages.put(name, s);
        }
        String[] f = arg.split("\\s+");
        from = f[0];
        name = f.length >= 3 && f[1].equalsIgnoreCase("AS") ? f[2] : null;
        lines = new ArrayList<>();
        Stage parent = stages.get(from);
        entrypoint = parent == null ? List.of() : parent.entrypoint();
        cmd = parent == null ? List.of() : parent.cmd();
        user = parent == null ? null : parent.user();
        health = parent == null ? null : parent.healthcheck();
      } else if (lines != null) {
        lines.add(l);
        switch (op) {
          case "ENTRYPOINT" -> {
            entrypoint = execForm(arg);
            cmd = List.of();
          }
          case "CMD" -> cmd = execForm(arg);
          case "USER" -> user = arg.strip();
          case "HEALTHCHECK" -> health = arg;
          default -> {}
        }
      }
    }
    Stage s = new Stage(name, from, lines, entrypoint, cmd, user, health);
    order.add(s);
    if (name != null) stages.put(name, s);
    return new Dockerfile(stages, order);
  }

  /** ["a", "b"] as a list; a shell-form line as sh -c LINE. */
  static List<String> execForm(String arg) {
    String a = arg.strip();
    if (a.startsWith("[")) {
      try {
        List<String> out = new ArrayList<>();
        new ObjectMapper().readTree(a).forEach(n -> out.add(n.asText()));
        return out;
      } catch (Exception e) {
        throw new IllegalArgumentException("not a JSON array: " + a, e);
      }
    }
    return List.of("/bin/sh", "-c", a);
  }
}
