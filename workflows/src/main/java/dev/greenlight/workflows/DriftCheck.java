package dev.greenlight.workflows;

import dev.greenlight.api.lifecycle.ColorFacts;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.lifecycle.DriftSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares what both colors report before traffic moves ({@code drift:} in the spec): each health
 * field, then the drift command's fingerprint. Pure: the facts come from {@link
 * LifecycleActivities}.
 */
final class DriftCheck {
  private DriftCheck() {}

  /** Every mismatch, each naming the field and both values; empty when the colors match. */
  static List<String> mismatches(DriftSpec drift, ColorFacts target, ColorFacts live) {
    List<String> out = new ArrayList<>();
    for (String field : drift.fields()) {
      String t = target.fields() == null ? null : target.fields().get(field);
      String l = live.fields() == null ? null : live.fields().get(field);
      if (!Objects.equals(t, l)) out.add(mismatch(field, target.color(), t, live.color(), l));
    }
    if (drift.command() != null && !Objects.equals(target.fingerprint(), live.fingerprint())) {
      out.add(
          mismatch(
              "drift.command",
              target.color(),
              target.fingerprint(),
              live.color(),
              live.fingerprint()));
    }
    return out;
  }

  private static String mismatch(String field, String a, String av, String b, String bv) {
    return field
        + " differs: "
        + a
        + "="
        + StatusBoard.clip(av, 80)
        + ", "
        + b
        + "="
        + StatusBoard.clip(bv, 80);
  }

  /** The step's detail when both match. */
  static String matched(DriftSpec drift, Color target, Color live) {
    List<String> what = new ArrayList<>(drift.fields());
    if (drift.command() != null) what.add("drift.command");
    return String.join(", ", what) + " equal on " + target + " and " + live;
  }

  /**
   * The drift step's body: reads both colors and compares them.
   *
   * @return the step's detail (a warning in {@code warn} mode)
   * @throws StepFailure in {@code fail} mode when anything differs
   */
  static String run(LifecycleActivities activities, DriftSpec drift, Color target, Color live) {
    ColorFacts onTarget = activities.inspect(target);
    ColorFacts onLive = activities.inspect(live);
    List<String> found = mismatches(drift, onTarget, onLive);
    if (found.isEmpty()) return matched(drift, target, live);
    String text = "drift before the switch: " + String.join("; ", found);
    if (drift.warnOnly()) return "warning (drift.mode: warn): " + text;
    throw new StepFailure("drift", text);
  }
}
