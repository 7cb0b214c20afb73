package dev.greenlight.api.spec.lifecycle;

import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.SpecNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the spec's lifecycle sections: {@code undo}, {@code standby} and {@code drift}. */
public final class LifecycleSections {
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private LifecycleSections() {}

  /** {@code undo: {approval: release|none}}; null when absent. */
  public static UndoSpec undo(SpecNode u) {
    if (u == null) return null;
    String approval = u.str("approval", UndoSpec.RELEASE);
    if (approval != null && !List.of(UndoSpec.RELEASE, UndoSpec.NONE).contains(approval)) {
      u.problem(
          "approval", "'" + approval + "' is not one of: release (as a release's approval), none");
    }
    u.finish();
    return new UndoSpec(approval);
  }

  /** {@code standby: {syncAfter: 24h}}; null when absent. */
  public static StandbySpec standby(SpecNode s) {
    if (s == null) return null;
    Duration after = s.duration("syncAfter", null);
    if (after == null && s.raw("syncAfter") == null) {
      s.problem("syncAfter", "is required (e.g. 24h: how long a release stays live first)");
    } else if (after != null && after.toMillis() < 100) {
      s.problem("syncAfter", Durations.format(after) + " is too short (at least 100ms)");
    }
    s.finish();
    return new StandbySpec(after);
  }

  /** {@code drift: {fields: [config.hash], command: ..., mode: fail|warn}}; null when absent. */
  public static DriftSpec drift(SpecNode d, Path baseDir) {
    if (d == null) return null;
    List<String> fields = d.strings("fields");
    for (int i = 0; i < fields.size(); i++) {
      if (!FIELD.matcher(fields.get(i)).matches()) {
        d.problem(
            "fields[" + i + "]",
            "'"
                + fields.get(i)
                + "' is not a dotted JSON field of the health body"
                + " (e.g. config.hash)");
      }
    }
    Hook command = d.hook("command", false, baseDir);
    String mode = d.str("mode", DriftSpec.FAIL);
    if (mode != null && !List.of(DriftSpec.FAIL, DriftSpec.WARN).contains(mode)) {
      d.problem("mode", "'" + mode + "' is not one of: fail, warn");
    }
    if (fields.isEmpty() && command == null && d.raw("command") == null) {
      d.problem(
          "fields",
          "name at least one health JSON field (e.g. [config.hash]) or set drift.command");
    }
    d.finish();
    return new DriftSpec(List.copyOf(fields), command, mode);
  }
}
