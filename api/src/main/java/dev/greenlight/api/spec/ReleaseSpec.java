package dev.greenlight.api.spec;

import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.lifecycle.DriftSpec;
import dev.greenlight.api.spec.lifecycle.StandbySpec;
import dev.greenlight.api.spec.lifecycle.UndoSpec;
import dev.greenlight.api.spec.notify.NotifyTarget;
import java.util.List;

/**
 * A validated release spec. Built only by {@link SpecLoader}; every field is filled with its
 * default, and every path is absolute.
 *
 * @param app application name ([a-z0-9][a-z0-9-]*), part of release ids
 * @param blue the blue environment
 * @param green the green environment
 * @param health how to tell a deploy is up
 * @param router the load balancer
 * @param database the shared PostgreSQL, or null
 * @param smoke checks run against the new color, then the live one
 * @param approval who must approve
 * @param monitor how the new color is watched after the switch
 * @param specFile absolute path of the spec file it came from
 * @param notifyTargets {@code notify:}, the webhooks told about the release's events; null or
 *     empty: none (a spec from before notifications has null)
 * @param undo how {@code greenlight undo} is approved, or null (as a release)
 * @param standby when the standby color is brought to the live version, or null (never)
 * @param drift what must match on both colors before the switch, or null (nothing)
 */
public record ReleaseSpec(
    String app,
    Environment blue,
    Environment green,
    HealthSpec health,
    RouterSpec router,
    DatabaseSpec database,
    List<SmokeCheck> smoke,
    ApprovalSpec approval,
    MonitorSpec monitor,
    String specFile,
    List<NotifyTarget> notifyTargets,
    UndoSpec undo,
    StandbySpec standby,
    DriftSpec drift) {

  /** A spec without notifications or the lifecycle sections (activity inputs, older callers). */
  public ReleaseSpec(
      String app,
      Environment blue,
      Environment green,
      HealthSpec health,
      RouterSpec router,
      DatabaseSpec database,
      List<SmokeCheck> smoke,
      ApprovalSpec approval,
      MonitorSpec monitor,
      String specFile) {
    this(
        app, blue, green, health, router, database, smoke, approval, monitor, specFile, null, null,
        null, null);
  }

  /** The environment of one color. */
  public Environment environment(Color color) {
    return color == Color.BLUE ? blue : green;
  }
}
