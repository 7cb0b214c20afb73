package dev.greenlight.api.spec;

import dev.greenlight.api.model.Color;
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
    String specFile) {

  /** The environment of one color. */
  public Environment environment(Color color) {
    return color == Color.BLUE ? blue : green;
  }
}
