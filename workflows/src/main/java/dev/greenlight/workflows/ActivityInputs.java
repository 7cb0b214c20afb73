package dev.greenlight.workflows;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.DatabaseSpec;
import dev.greenlight.api.spec.Environment;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.RouterSpec;

/**
 * What each activity gets: a {@link ReleaseContext} whose spec keeps only what that activity reads,
 * so a release's history does not repeat the whole spec in every activity input (the workflow's own
 * input has it once). Pure: built once when the release starts.
 *
 * <p>Every input keeps the release id, the version and {@code app} (hooks see them). The rest,
 * section by section ("url" means that section keeps only its url, every other field is null):
 *
 * <table>
 *   <caption>Spec sections per activity</caption>
 *   <tr><th>activity</th><th>keeps</th><th>why</th></tr>
 *   <tr><td>traffic: liveColor, switchTo, verifyServing</td>
 *       <td>{@code router}; {@code blue}, {@code green}: url; {@code health};
 *       {@code database}: passwordEnv</td>
 *       <td>the router's own section; nginx upstreams and the serving check read the colors'
 *       urls; the check falls back to {@code health.path} and {@code versionField}; hook output
 *       is masked for the database password</td></tr>
 *   <tr><td>deploy</td>
 *       <td>{@code blue}, {@code green}; {@code health}; {@code database}: passwordEnv</td>
 *       <td>the color's hook and {@code deployTimeout}; a retry after a lost worker polls
 *       health for the version; output masking</td></tr>
 *   <tr><td>awaitHealthy</td><td>{@code blue}, {@code green}: url; {@code health}</td>
 *       <td>polls the color's health endpoint</td></tr>
 *   <tr><td>migrate</td><td>{@code database}</td><td>Flyway; lockTimeout, statementTimeout and
 *       lockRetries for lock-safe execution</td></tr>
 *   <tr><td>smoke</td><td>{@code blue}, {@code green}: url; {@code smoke}</td>
 *       <td>the checks, against the color's url</td></tr>
 *   <tr><td>inspect</td><td>{@code blue}, {@code green}: url; {@code health}; {@code drift}</td>
 *       <td>reads a color's health body; runs drift.command</td></tr>
 *   <tr><td>monitor: baseline, watch, baselineChecks, watchGrid</td>
 *       <td>{@code monitor} (with its source's settings); {@code router}: url</td>
 *       <td>probes through the router's url, or queries the source's server (e.g.
 *       {@code monitor.prometheus.url}), judged by the thresholds and checks</td></tr>
 * </table>
 *
 * No activity gets {@code approval} or {@code specFile}. An activity that starts reading another
 * field must be added here, or it reads null. {@code ActivityInputSizeTest} checks that a release's
 * history holds what this table says; {@code ProgressiveReleaseTest} (activities) and the
 * end-to-end tests run the real activities on these inputs.
 */
final class ActivityInputs {
  private final ReleaseContext traffic;
  private final ReleaseContext deploy;
  private final ReleaseContext health;
  private final ReleaseContext migrate;
  private final ReleaseContext smoke;
  private final ReleaseContext monitor;
  private final ReleaseContext inspect;

  ActivityInputs(String releaseId, String version, ReleaseSpec s) {
    Environment blueUrl = urlOnly(s.blue());
    Environment greenUrl = urlOnly(s.green());
    DatabaseSpec secret = passwordEnvOnly(s.database());
    traffic =
        context(
            releaseId,
            version,
            new ReleaseSpec(
                s.app(),
                blueUrl,
                greenUrl,
                s.health(),
                s.router(),
                secret,
                null,
                null,
                null,
                null));
    deploy =
        context(
            releaseId,
            version,
            new ReleaseSpec(
                s.app(), s.blue(), s.green(), s.health(), null, secret, null, null, null, null));
    health =
        context(
            releaseId,
            version,
            new ReleaseSpec(
                s.app(), blueUrl, greenUrl, s.health(), null, null, null, null, null, null));
    migrate =
        context(
            releaseId,
            version,
            new ReleaseSpec(s.app(), null, null, null, null, s.database(), null, null, null, null));
    smoke =
        context(
            releaseId,
            version,
            new ReleaseSpec(
                s.app(), blueUrl, greenUrl, null, null, null, s.smoke(), null, null, null));
    monitor =
        context(
            releaseId,
            version,
            new ReleaseSpec(
                s.app(),
                null,
                null,
                null,
                urlOnly(s.router()),
                null,
                null,
                null,
                s.monitor(),
                null));
    inspect =
        context(
            releaseId,
            version,
            new ReleaseSpec(
                s.app(),
                blueUrl,
                greenUrl,
                s.health(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                s.drift()));
  }

  ReleaseContext inspect() {
    return inspect;
  }

  ReleaseContext traffic() {
    return traffic;
  }

  ReleaseContext deploy() {
    return deploy;
  }

  ReleaseContext health() {
    return health;
  }

  ReleaseContext migrate() {
    return migrate;
  }

  ReleaseContext smoke() {
    return smoke;
  }

  ReleaseContext monitor() {
    return monitor;
  }

  private static ReleaseContext context(String releaseId, String version, ReleaseSpec spec) {
    return new ReleaseContext(releaseId, version, spec);
  }

  private static Environment urlOnly(Environment e) {
    return e == null ? null : new Environment(e.url(), null, null);
  }

  private static RouterSpec urlOnly(RouterSpec r) {
    return r == null ? null : new RouterSpec(null, r.url(), null, null, null, 0, null, null);
  }

  private static DatabaseSpec passwordEnvOnly(DatabaseSpec db) {
    return db == null || db.passwordEnv() == null
        ? null
        : new DatabaseSpec(null, null, db.passwordEnv(), null);
  }
}
