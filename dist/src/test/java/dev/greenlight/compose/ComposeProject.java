package dev.greenlight.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml, .env.example and the Dockerfile as docker compose reads them: variables
 * interpolated from .env.example, each service's effective argv (image ENTRYPOINT/CMD, overridden
 * by the service's entrypoint/command) and environment.
 */
final class ComposeProject {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?}");

  final JsonNode raw;
  final JsonNode interpolated;
  final Map<String, String> dotEnv;
  final Dockerfile dockerfile;

  private ComposeProject(JsonNode raw, Map<String, String> dotEnv, Dockerfile dockerfile) {
    this.raw = raw;
    this.dotEnv = dotEnv;
    this.interpolated = interpolate(raw.deepCopy(), dotEnv);
    this.dockerfile = dockerfile;
  }

  static ComposeProject load() throws IOException {
    return new ComposeProject(
        new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(ROOT.resolve("docker-compose.yml"))),
        readDotEnv(ROOT.resolve(".env.example")),
        Dockerfile.parse(Files.readString(ROOT.resolve("Dockerfile"))));
  }

  static Map<String, String> readDotEnv(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      int eq = l.indexOf('=');
      out.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return out;
  }

  /** Compose interpolation: ${X}, ${X:-default}, ${X:?error} (error when X is unset). */
  static String interpolate(String text, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null || value.isEmpty()) {
        if ("-".equals(m.group(2))) value = m.group(3);
        else
          throw new IllegalArgumentException(
              "${" + m.group(1) + "} is not set" + (m.group(3) == null ? "" : ": " + m.group(3)));
      }
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static JsonNode interpolate(JsonNode node, Map<String, String> env) {
    if (node.isTextual()) return new TextNode(interpolate(node.asText(), env));
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String n : names) o.set(n, interpolate(o.get(n), env));
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, interpolate(a.get(i), env));
    }
    return node;
  }

  List<String> services() {
    List<String> out = new ArrayList<>();
    interpolated.get("services").fieldNames().forEachRemaining(out::add);
    return out;
  }

  JsonNode service(String name) {
    return interpolated.get("services").get(name);
  }

  /** The service's environment (map form), interpolated. */
  Map<String, String> environment(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode e = service(name).get("environment");
    if (e != null) e.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
    return out;
  }

  /** What the container runs: entrypoint + command, as docker does. */
  List<String> argv(String name) {
    JsonNode s = service(name);
    List<String> entrypoint;
    List<String> command;
    Dockerfile.Stage image =
        s.has("build") ? dockerfile.stage(s.get("build").path("target").asText(null)) : null;
    if (s.has("entrypoint")) {
      entrypoint = strings(s.get("entrypoint"));
      command = s.has("command") ? strings(s.get("command")) : List.of();
    } else {
      entrypoint = image == null ? List.of() : image.entrypoint();
      command =
          s.has("command") ? strings(s.get("command")) : image == null ? List.of() : image.cmd();
    }
    List<String> out = new ArrayList<>(entrypoint);
    out.addAll(command);
    return out;
  }

  /** A healthcheck test's argv (CMD form) or its shell line (CMD-SHELL form, one element). */
  static List<String> healthcheckArgv(JsonNode test) {
    List<String> t = strings(test);
    return t.isEmpty() ? t : t.subList(1, t.size());
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null) return out;
    if (node.isArray()) node.forEach(n -> out.add(n.asText()));
    else out.add(node.asText()); // the shell form: docker runs it with sh -c
    return out;
  }
}
