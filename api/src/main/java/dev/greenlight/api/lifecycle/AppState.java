package dev.greenlight.api.lifecycle;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.spec.ReleaseSpec;
import java.util.List;

/**
 * What an app's workflow remembers between operations, carried across continue-as-new.
 *
 * @param app application name
 * @param live the live color ({@code blue}/{@code green}) or null
 * @param blueVersion the version Greenlight last deployed to blue, or null
 * @param greenVersion the same for green
 * @param lastLive the last release that went live (undo and standby sync use its spec), or null
 * @param previousVersion the version live before {@code lastLive} went live (what undo goes back
 *     to), or null
 * @param lastFailed the newest release that did not succeed, when it is the newest release, or null
 * @param releases the last operations, newest first
 * @param syncDueAtMillis epoch millis the standby sync is due, or null
 * @param lastSpec the spec of the newest release, whatever its outcome (the app view reads the
 *     colors' health endpoints from it), or null
 */
public record AppState(
    String app,
    String live,
    String blueVersion,
    String greenVersion,
    ReleaseRequest lastLive,
    String previousVersion,
    ReleaseRequest lastFailed,
    List<AppEntry> releases,
    Long syncDueAtMillis,
    ReleaseSpec lastSpec) {

  /** An app Greenlight has not released yet. */
  public static AppState fresh(String app) {
    return new AppState(app, null, null, null, null, null, null, List.of(), null, null);
  }
}
