package dev.greenlight.api.lifecycle;

import java.util.List;

/**
 * The {@code app status --json} shape: what an app runs now, as its app workflow recorded it.
 *
 * @param app application name
 * @param live the color serving traffic (null before a release went through Greenlight)
 * @param colors each color's version as Greenlight last deployed it
 * @param standbyInSync true when the standby runs the live version
 * @param releases the last releases, undos and syncs, newest first
 * @param running the id of the release or undo running now (or {@code <release>-sync}), or null
 * @param syncDueAt ISO-8601 instant the standby sync is due, or null when none is pending
 * @param lastFailed the newest release that did not succeed (what {@code retry} starts again), or
 *     null
 */
public record AppView(
    String app,
    String live,
    Colors colors,
    boolean standbyInSync,
    List<AppEntry> releases,
    String running,
    String syncDueAt,
    AppEntry lastFailed) {

  /** The two colors. */
  public record Colors(ColorView blue, ColorView green) {}

  /**
   * One color.
   *
   * @param version as Greenlight last deployed it, or null
   * @param health the version its health endpoint reports now (filled by the CLI), or null
   */
  public record ColorView(String version, String health) {}
}
