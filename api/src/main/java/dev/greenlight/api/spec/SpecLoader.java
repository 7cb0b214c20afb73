package dev.greenlight.api.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.greenlight.api.approval.AllowedSigner;
import dev.greenlight.api.approval.AllowedSigners;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.spec.lifecycle.DriftSpec;
import dev.greenlight.api.spec.lifecycle.LifecycleSections;
import dev.greenlight.api.spec.lifecycle.StandbySpec;
import dev.greenlight.api.spec.lifecycle.UndoSpec;
import dev.greenlight.api.spec.monitor.probe.ProbeSourceType;
import dev.greenlight.api.spec.notify.NotifySection;
import dev.greenlight.api.spec.notify.NotifyTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a spec file (YAML or JSON) and validates it. Every problem is collected with its dotted
 * field path; a spec with any problem is never returned. Relative paths resolve against the spec
 * file's directory.
 */
public final class SpecLoader {
  private static final Pattern APP = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /**
   * A spec is a few KB; a larger file is a mistake, and parsing megabytes would hold the CLI for
   * seconds.
   */
  static final int MAX_BYTES = 256 * 1024;

  private static final String TOO_LARGE =
      "spec: larger than " + MAX_BYTES / 1024 + " KB (a spec is a few KB)";

  /**
   * A repeated key would silently replace the first (a second approval block, say), so it is an
   * error.
   */
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final List<String> problems = new ArrayList<>();
  private Path baseDir;

  /** router.verify was given (valid or not): health.versionField is then not needed. */
  private boolean verifyGiven;

  private SpecLoader() {}

  /** Loads and validates the spec at {@code file}. */
  public static ReleaseSpec load(Path file) throws SpecException {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      throw new SpecException(List.of("spec: no such file: " + file));
    }
    String text;
    try {
      if (Files.size(abs) > MAX_BYTES) throw new SpecException(List.of(TOO_LARGE));
      text = Files.readString(abs);
    } catch (IOException e) {
      throw new SpecException(List.of("spec: cannot read " + file + ": " + e.getMessage()));
    }
    return parse(text, abs);
  }

  /** Validates spec text as if it were read from {@code file} (used for relative paths). */
  public static ReleaseSpec parse(String text, Path file) throws SpecException {
    // chars never outnumber UTF-8 bytes, so the cheap test first
    if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new SpecException(List.of(TOO_LARGE));
    }
    JsonNode root = readOneDocument(text);
    if (root == null || !root.isObject()) {
      throw new SpecException(
          List.of("spec: expected a mapping with app, environments, router, ..."));
    }
    SpecLoader loader = new SpecLoader();
    loader.baseDir = file.toAbsolutePath().normalize().getParent();
    ReleaseSpec spec =
        loader.build(new SpecNode(root, "", loader.problems), file.toAbsolutePath().normalize());
    if (!loader.problems.isEmpty()) {
      throw new SpecException(loader.problems);
    }
    return spec;
  }

  /**
   * The one YAML document (or JSON value) in {@code text}; anything after it is an error, not
   * ignored.
   */
  private static JsonNode readOneDocument(String text) throws SpecException {
    try (JsonParser parser = YAML.createParser(text)) {
      JsonNode root = YAML.readTree(parser); // YAML is a superset of JSON: both are accepted
      JsonToken next = parser.nextToken();
      if (next != null && !isEmptyDocument(parser, next)) {
        throw new SpecException(
            List.of(
                "spec: more than one document (a second one after '---', or more data after the"
                    + " JSON"
                    + at(parser.currentTokenLocation())
                    + "); a spec is one mapping"));
      }
      return root;
    } catch (JacksonException e) {
      if (e.getProcessor() instanceof JsonParser p
          && String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
        throw new SpecException(
            List.of(
                dotted(p.getParsingContext())
                    + ": duplicate key (the first one would be silently replaced)"));
      }
      String msg =
          e.getOriginalMessage() == null
              ? e.toString()
              : e.getOriginalMessage().lines().findFirst().orElse("");
      throw new SpecException(
          List.of("spec: not valid YAML or JSON: " + msg + at(e.getLocation())));
    } catch (IOException e) {
      throw new SpecException(List.of("spec: not valid YAML or JSON: " + e.getMessage()));
    }
  }

  /** A trailing "---" with nothing after it. */
  private static boolean isEmptyDocument(JsonParser parser, JsonToken token) throws IOException {
    boolean empty =
        token == JsonToken.VALUE_NULL
            || (token == JsonToken.VALUE_STRING && parser.getText().isBlank());
    return empty && parser.nextToken() == null;
  }

  private static String at(JsonLocation where) {
    return where == null || where.getLineNr() < 1
        ? ""
        : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
  }

  /** The dotted field path ({@code smoke[0].path}) of where a parser stands. */
  private static String dotted(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) parts.push("[" + c.getCurrentIndex() + "]");
      else if (c.getCurrentName() != null) parts.push("." + c.getCurrentName());
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "spec" : path;
  }

  private ReleaseSpec build(SpecNode root, Path file) {
    String app = root.str("app", null);
    if (app == null) {
      root.problem("app", "is required");
    } else if (!APP.matcher(app).matches()) {
      root.problem(
          "app", "'" + app + "' must be lower-case letters, digits and dashes, at most 40");
    }

    SpecNode envs = root.obj("environments", true);
    Environment blue = envs == null ? null : environment(envs, "blue");
    Environment green = envs == null ? null : environment(envs, "green");
    if (envs != null) envs.finish();
    if (blue != null && green != null && blue.url() != null && blue.url().equals(green.url())) {
      root.problem(
          "environments.green.url",
          "is the same as environments.blue.url; the colors must be distinct");
    }

    HealthSpec health = health(root.obj("health", false));
    RouterSpec router = router(root.obj("router", true), app, health.path());
    if (health.versionField() == null && !verifyGiven) {
      problems.add(
          "health.versionField: required unless router.verify is set: without it the switch cannot"
              + " be proven (e.g. versionField: version, or router.verify: {header: X-Color})");
    }
    DatabaseSpec database = database(root.obj("database", false));
    List<SmokeCheck> smoke = smoke(root);
    ApprovalSpec approval = approval(root.obj("approval", false));
    MonitorSpec monitor = monitor(root.obj("monitor", false), app);
    List<NotifyTarget> notify = NotifySection.read(root);
    UndoSpec undo = LifecycleSections.undo(root.obj("undo", false));
    StandbySpec standby = LifecycleSections.standby(root.obj("standby", false));
    DriftSpec drift = LifecycleSections.drift(root.obj("drift", false), baseDir);
    root.finish();
    return new ReleaseSpec(
        app,
        blue,
        green,
        health,
        router,
        database,
        smoke,
        approval,
        monitor,
        file.toString(),
        notify,
        undo,
        standby,
        drift);
  }

  private Environment environment(SpecNode envs, String color) {
    SpecNode env = envs.obj(color, true);
    if (env == null) return null;
    String url = env.url("url", true);
    Hook deploy = env.hook("deploy", true, baseDir);
    Duration timeout = env.duration("deployTimeout", Duration.ofMinutes(10));
    env.finish();
    return new Environment(url, deploy, timeout);
  }

  private HealthSpec health(SpecNode h) {
    if (h == null) {
      return new HealthSpec("/health", Duration.ofMinutes(2), null, Duration.ofSeconds(1));
    }
    String path = h.path("path", "/health");
    Duration timeout = h.duration("timeout", Duration.ofMinutes(2));
    String versionField = h.str("versionField", null);
    Duration interval = h.duration("interval", Duration.ofSeconds(1));
    h.finish();
    return new HealthSpec(path, timeout, versionField, interval);
  }

  private RouterSpec router(SpecNode r, String app, String healthPath) {
    if (r == null) return null;
    String type = r.str("type", null);
    if (type == null) {
      r.problem("type", "is required (one of: " + String.join(", ", RouterTypes.SUPPORTED) + ")");
    } else if (!RouterTypes.SUPPORTED.contains(type)) {
      r.problem(
          "type",
          "unknown type '"
              + type
              + "' (expected one of: "
              + String.join(", ", RouterTypes.SUPPORTED)
              + ")");
    }
    String url = r.url("url", true);
    RouterType<?> chosen = type == null ? null : RouterTypes.find(type).orElse(null);
    RouterSection section = routerSections(r, chosen, new RouterType.Context(app, baseDir));

    List<Integer> steps = new ArrayList<>();
    JsonNode stepsNode = r.raw("steps");
    if (stepsNode == null) {
      steps.add(100);
    } else if (!stepsNode.isArray() || stepsNode.isEmpty()) {
      r.problem("steps", "expected a non-empty list of percentages, e.g. [10, 50, 100]");
    } else {
      int prev = 0;
      for (int i = 0; i < stepsNode.size(); i++) {
        JsonNode s = stepsNode.get(i);
        if (!s.canConvertToInt() || !s.isIntegralNumber()) {
          r.problem("steps[" + i + "]", "'" + s.asText() + "' is not a whole percentage");
          continue;
        }
        int p = s.asInt();
        if (p < 1 || p > 100) r.problem("steps[" + i + "]", p + " is outside 1..100");
        else if (p <= prev)
          r.problem("steps[" + i + "]", p + " must be larger than the step before (" + prev + ")");
        steps.add(p);
        prev = p;
      }
      if (!steps.isEmpty() && steps.get(steps.size() - 1) != 100) {
        r.problem("steps", "the last step must be 100 (all traffic on the new color)");
      }
      if (chosen != null && !chosen.splitsTraffic() && !steps.equals(List.of(100))) {
        r.problem(
            "steps",
            "router type " + type + " cannot split traffic; use [100] or a weighted router");
      }
    }
    Duration stepHold = r.duration("stepHold", Duration.ofMinutes(5));
    int verifyResponses = r.integer("verifyResponses", 20, 1, 1000);
    Duration verifyTimeout = r.duration("verifyTimeout", Duration.ofSeconds(30));
    RouterSpec.VerifySpec verify = verify(r, healthPath);
    r.finish();
    return new RouterSpec(
        type, url, section, List.copyOf(steps), stepHold, verifyResponses, verifyTimeout, verify);
  }

  /**
   * Reads every router type's section that is given (so a mistake in any is reported), and requires
   * the chosen type's own. Returns the chosen type's section.
   */
  private static RouterSection routerSections(
      SpecNode r, RouterType<?> chosen, RouterType.Context context) {
    RouterSection chosenSection = null;
    for (RouterType<?> t : RouterTypes.all()) {
      SpecNode s = r.obj(t.name(), t == chosen && t.sectionRequired());
      RouterSection read = s == null ? null : t.read(s, context);
      if (s != null) s.finish();
      if (t == chosen) chosenSection = s == null ? t.absent(context) : read;
    }
    return chosenSection;
  }

  private RouterSpec.VerifySpec verify(SpecNode r, String healthPath) {
    SpecNode v = r.obj("verify", false);
    if (v == null) return null;
    verifyGiven = true;
    String path = v.path("path", healthPath);
    String field = v.str("field", null);
    String header = v.str("header", null);
    v.finish();
    if (header != null && !HEADER.matcher(header).matches()) {
      v.problem("header", "'" + header + "' is not an HTTP header name (e.g. X-Color)");
      return null;
    }
    if (field == null && header == null) {
      r.problem(
          "verify",
          "set field (a JSON field of the answer) or header (a response header) that differs"
              + " between the colors");
      return null;
    }
    if (field != null && header != null) {
      r.problem("verify", "set field or header, not both");
      return null;
    }
    return new RouterSpec.VerifySpec(path, field, header);
  }

  /** Each try holds up live queries this long at most; the tries fit the step's 30 minutes. */
  private static final Duration MAX_LOCK_TIMEOUT = Duration.ofMinutes(1);

  private static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofMinutes(25);

  private DatabaseSpec database(SpecNode d) {
    if (d == null) return null;
    String url = d.str("url", null);
    if (url == null) d.problem("url", "is required");
    else if (!url.startsWith("jdbc:postgresql://"))
      d.problem("url", "'" + url + "' must be a jdbc:postgresql:// URL");
    String user = d.str("user", null);
    if (user == null) d.problem("user", "is required");
    String passwordEnv = d.str("passwordEnv", null);
    if (passwordEnv != null && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      d.problem(
          "passwordEnv",
          "'"
              + passwordEnv
              + "' is not an environment variable name (the name, never the password)");
    }
    String migrations = d.str("migrations", null);
    String migrationsPath = null;
    if (migrations == null) {
      d.problem("migrations", "is required (a folder of Flyway SQL files)");
    } else {
      Path p = baseDir.resolve(migrations).normalize();
      if (!Files.isDirectory(p)) d.problem("migrations", "no such folder: " + p);
      else problems.addAll(MigrationLinter.lint(p));
      migrationsPath = p.toString();
    }
    Duration lockTimeout = d.duration("lockTimeout", DatabaseSpec.DEFAULT_LOCK_TIMEOUT);
    if (lockTimeout.compareTo(MAX_LOCK_TIMEOUT) > 0) {
      d.problem(
          "lockTimeout",
          "must be at most 1m: live queries on the table wait that long behind each try");
    }
    Duration statementTimeout = d.duration("statementTimeout", null);
    if (statementTimeout != null && statementTimeout.compareTo(MAX_STATEMENT_TIMEOUT) > 0) {
      d.problem("statementTimeout", "must be at most 25m (the migration step's own limit is 30m)");
    }
    int lockRetries = d.integer("lockRetries", DatabaseSpec.DEFAULT_LOCK_RETRIES, 0, 10);
    d.finish();
    return new DatabaseSpec(
        url, user, passwordEnv, migrationsPath, lockTimeout, statementTimeout, lockRetries);
  }

  private List<SmokeCheck> smoke(SpecNode root) {
    List<SmokeCheck> checks = new ArrayList<>();
    JsonNode list = root.raw("smoke");
    if (list == null) return checks;
    if (!list.isArray()) {
      root.problem("smoke", "expected a list of checks");
      return checks;
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "smoke[" + i + "]";
      if (!list.get(i).isObject()) {
        problems.add(path + ": expected a mapping with name, path, expect");
        continue;
      }
      SpecNode c = new SpecNode(list.get(i), path, problems);
      String p = c.path("path", null);
      if (p == null) c.problem("path", "is required");
      String name = c.str("name", p);
      if (name != null && !names.add(name))
        c.problem("name", "'" + name + "' is used by another check");
      String method = c.str("method", "GET");
      if (method != null
          && !List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS").contains(method)) {
        c.problem(
            "method",
            "'" + method + "' is not an HTTP method (GET, HEAD, POST, PUT, DELETE, OPTIONS)");
      }
      int expect = c.integer("expect", 200, 100, 599);
      String bodyContains = c.str("bodyContains", null);
      c.finish();
      checks.add(new SmokeCheck(name, method, p, expect, bodyContains));
    }
    return checks;
  }

  private ApprovalSpec approval(SpecNode a) {
    if (a == null) return new ApprovalSpec(List.of(), 1, Duration.ofHours(24));
    List<String> approvers = a.strings("approvers");
    for (int i = 0; i < approvers.size(); i++) {
      // a name the workflow would refuse on every approve would make the gate unpassable
      String why = Decision.nameProblem(approvers.get(i));
      if (why != null) a.problem("approvers[" + i + "]", why);
    }
    int required = a.integer("required", 1, 1, 100);
    if (!approvers.isEmpty() && required > approvers.size()) {
      a.problem(
          "required",
          required + " approvals required but only " + approvers.size() + " approvers listed");
    }
    Duration timeout = a.duration("timeout", Duration.ofHours(24));
    String signersFile = null;
    List<AllowedSigner> signers = null;
    String signersPath = a.file("signers", false);
    if (signersPath != null) {
      Path file = baseDir.resolve(signersPath).normalize();
      signersFile = file.toString();
      signers = signers(a, file, approvers);
    }
    a.finish();
    return new ApprovalSpec(approvers, required, timeout, signersFile, signers);
  }

  /**
   * The keys of {@code approval.signers}, read now: the spec goes into the release's history, and
   * the keys with it. Every listed approver needs a key, or the gate could never pass.
   */
  private static List<AllowedSigner> signers(SpecNode a, Path file, List<String> approvers) {
    String text;
    try {
      if (!Files.isRegularFile(file)) {
        a.problem("signers", "no such file: " + file);
        return List.of();
      }
      if (Files.size(file) > AllowedSigners.MAX_BYTES) {
        a.problem("signers", file + " is larger than " + AllowedSigners.MAX_BYTES / 1024 + " KB");
        return List.of();
      }
      text = Files.readString(file);
    } catch (IOException e) {
      a.problem("signers", "cannot read " + file + ": " + e.getMessage());
      return List.of();
    }
    List<String> lineProblems = new ArrayList<>();
    List<AllowedSigner> keys = AllowedSigners.parse(text, lineProblems);
    for (String p : lineProblems) a.problem("signers", file.getFileName() + ": " + p);
    if (lineProblems.isEmpty() && keys.isEmpty()) {
      a.problem("signers", file + " lists no key for the greenlight namespace");
    }
    if (lineProblems.isEmpty()) {
      for (String who : approvers) {
        if (keys.stream().noneMatch(k -> k.signsFor(who))) {
          a.problem("signers", "no key for the approver " + who + " in " + file.getFileName());
        }
      }
    }
    return keys;
  }

  private MonitorSpec monitor(SpecNode m, String app) {
    MonitorSpec.RateThreshold defaultRate = new MonitorSpec.RateThreshold(0.03, 0.05);
    MonitorSpec.LatencyThreshold defaultP95 =
        new MonitorSpec.LatencyThreshold(
            new MonitorSpec.LatencyLimit(1000L, null), new MonitorSpec.LatencyLimit(null, 2.0));
    if (m == null) {
      return new MonitorSpec(
          Duration.ofMinutes(15),
          Duration.ofSeconds(10),
          ProbeSourceType.NAME,
          "/",
          10,
          defaultRate,
          defaultP95);
    }
    Duration window = m.duration("window", Duration.ofMinutes(15));
    Duration interval = m.duration("interval", Duration.ofSeconds(10));
    if (window != null && interval != null && interval.compareTo(window) > 0) {
      m.problem(
          "interval",
          Durations.format(interval)
              + " is longer than the window ("
              + Durations.format(window)
              + ")");
    }
    if (interval != null && interval.toMillis() < 100)
      m.problem("interval", "must be at least 100ms");
    String source = m.str("source", ProbeSourceType.NAME);
    if (source != null && !MetricSourceTypes.SUPPORTED.contains(source)) {
      m.problem(
          "source",
          "unknown source '"
              + source
              + "' (expected one of: "
              + String.join(", ", MetricSourceTypes.SUPPORTED)
              + ")");
    }
    String path = m.path("path", "/");
    int requests = m.integer("requestsPerSample", 10, 1, 1000);

    MonitorSpec.RateThreshold rate = defaultRate;
    SpecNode er = m.obj("errorRate", false);
    if (er != null) {
      double alert = er.fraction("alert", defaultRate.alert());
      double rollback = er.fraction("rollback", defaultRate.rollback());
      if (alert > rollback)
        er.problem("alert", alert + " is above the rollback threshold " + rollback);
      er.finish();
      rate = new MonitorSpec.RateThreshold(alert, rollback);
    }
    MonitorSpec.LatencyThreshold p95 = defaultP95;
    SpecNode pl = m.obj("p95", false);
    if (pl != null) {
      MonitorSpec.LatencyLimit alert = pl.latency("alert", defaultP95.alert());
      MonitorSpec.LatencyLimit rollback = pl.latency("rollback", defaultP95.rollback());
      pl.finish();
      p95 = new MonitorSpec.LatencyThreshold(alert, rollback);
    }
    int minRequests = m.integer("minRequests", 0, 0, 1_000_000_000);
    int consecutive = m.integer("consecutive", 1, 1, 1000);
    MonitorSpec.Inconclusive inconclusive = inconclusive(m.obj("inconclusive", false));
    MetricSourceSettings settings =
        MonitorSources.read(m, source, new MetricSourceType.Context(app, requests, minRequests));
    m.finish();
    return new MonitorSpec(
        window,
        interval,
        source,
        path,
        requests,
        rate,
        p95,
        minRequests,
        consecutive,
        inconclusive,
        MonitorSpec.settingsJson(settings));
  }

  private static MonitorSpec.Inconclusive inconclusive(SpecNode n) {
    MonitorSpec.Inconclusive d = MonitorSpec.Inconclusive.DEFAULT;
    if (n == null) return d;
    int after = n.integer("after", d.after(), 1, 1000);
    String then = n.oneOf("then", d.then(), List.of("alert", "rollback", "pause"));
    n.finish();
    return new MonitorSpec.Inconclusive(after, then);
  }
}
