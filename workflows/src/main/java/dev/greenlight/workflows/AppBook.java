package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.lifecycle.AppEntry;
import dev.greenlight.api.lifecycle.AppState;
import dev.greenlight.api.lifecycle.AppView;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.StepRecord;
import dev.greenlight.api.spec.ReleaseSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An app's record of itself, kept by its workflow: which color is live, what each color runs, the
 * last operations, and when the standby sync is due. Pure bookkeeping (workflow code, no commands);
 * {@link #state()} is what continue-as-new carries.
 */
final class AppBook {
  /** Operations listed in the app view. */
  static final int ENTRIES_MAX = 10;

  private final String app;
  private Color live;
  private String blue;
  private String green;
  private ReleaseRequest lastLive;
  private String previousVersion;
  private ReleaseRequest lastFailed;
  private final List<AppEntry> entries = new ArrayList<>();
  private Long syncDue;
  private ReleaseSpec lastSpec;

  AppBook(AppState s) {
    app = s.app();
    live = s.live() == null ? null : Color.parse(s.live());
    blue = s.blueVersion();
    green = s.greenVersion();
    lastLive = s.lastLive();
    previousVersion = s.previousVersion();
    lastFailed = s.lastFailed();
    if (s.releases() != null) entries.addAll(s.releases());
    syncDue = s.syncDueAtMillis();
    lastSpec = s.lastSpec();
  }

  ReleaseSpec lastSpec() {
    return lastSpec;
  }

  AppState state() {
    return new AppState(
        app,
        live == null ? null : live.label(),
        blue,
        green,
        lastLive,
        previousVersion,
        lastFailed,
        List.copyOf(entries),
        syncDue,
        lastSpec);
  }

  String app() {
    return app;
  }

  Color live() {
    return live;
  }

  ReleaseRequest lastLive() {
    return lastLive;
  }

  String previousVersion() {
    return previousVersion;
  }

  Long syncDue() {
    return syncDue;
  }

  /** A new operation begins: a pending standby sync is off. */
  void cancelSync() {
    syncDue = null;
  }

  String version(Color c) {
    return c == Color.BLUE ? blue : green;
  }

  private void version(Color c, String v) {
    if (c == Color.BLUE) blue = v;
    else green = v;
  }

  boolean standbyInSync() {
    return live != null && version(live) != null && version(live).equals(version(live.other()));
  }

  /** What a release did to the app. */
  void released(ReleaseRequest r, ReleaseStatus end, long nowMillis) {
    ReleaseState state = end == null ? null : end.state();
    lastSpec = r.spec();
    Color target = end == null || end.target() == null ? null : Color.parse(end.target());
    if (target != null && deployed(end)) version(target, r.version());
    if (state == ReleaseState.SUCCEEDED && target != null) {
      previousVersion = version(target.other());
      lastLive = r;
      lastFailed = null;
      live = target;
      var standby = r.spec().standby();
      syncDue =
          standby == null || standby.syncAfter() == null
              ? null
              : nowMillis + standby.syncAfter().toMillis();
    } else {
      if (end != null && end.live() != null) live = Color.parse(end.live());
      lastFailed = r;
    }
    add(
        new AppEntry(
            r.releaseId(),
            "release",
            r.version(),
            state == null ? "ENDED" : state.name(),
            end == null ? "ended outside Greenlight" : end.outcome(),
            at(nowMillis)));
  }

  /** What an undo did: on success the other color is live, and there is nothing more to undo. */
  void undone(String id, String version, ReleaseStatus end, long nowMillis) {
    ReleaseState state = end == null ? null : end.state();
    if (end != null && end.live() != null) live = Color.parse(end.live());
    if (state == ReleaseState.SUCCEEDED) {
      lastLive = null;
      previousVersion = null;
    }
    add(
        new AppEntry(
            id,
            "undo",
            version,
            state == null ? "ENDED" : state.name(),
            end == null ? "ended outside Greenlight" : end.outcome(),
            at(nowMillis)));
  }

  /** What a standby sync did. */
  void synced(String id, Color standby, String version, boolean ok, String detail, long now) {
    syncDue = null;
    version(standby, ok ? version : null);
    add(new AppEntry(id, "sync", version, ok ? "SUCCEEDED" : "FAILED", detail, at(now)));
  }

  AppView view(String running) {
    AppEntry failed = null;
    if (lastFailed != null) {
      for (AppEntry e : entries) {
        if (e.id().equals(lastFailed.releaseId())) failed = e;
      }
    }
    return new AppView(
        app,
        live == null ? null : live.label(),
        new AppView.Colors(new AppView.ColorView(blue, null), new AppView.ColorView(green, null)),
        standbyInSync(),
        List.copyOf(entries),
        running,
        syncDue == null ? null : at(syncDue),
        failed);
  }

  ReleaseRequest lastFailed() {
    return lastFailed;
  }

  private void add(AppEntry e) {
    entries.add(0, e);
    while (entries.size() > ENTRIES_MAX) entries.remove(entries.size() - 1);
  }

  private static boolean deployed(ReleaseStatus end) {
    if (end.steps() == null) return false;
    for (StepRecord s : end.steps()) {
      if (Objects.equals(s.name(), "deploy") && Objects.equals(s.status(), "SUCCEEDED"))
        return true;
    }
    return false;
  }

  private static String at(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
