package dev.greenlight.workflows;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.activities.DeployActivities;
import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorBaseline;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.activities.WatchPlan;
import dev.greenlight.api.model.AppliedMigration;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.ReleaseSpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * The activities of one release as the runbook calls them, each with its timeouts and retries
 * ({@link ReleaseActivityOptions}) and only the part of the spec it reads ({@link ActivityInputs}).
 * Workflow code: every call is an activity, nothing else.
 */
final class ReleaseActivities {
  private final ActivityInputs inputs;
  private final DeployActivities deploy;
  private final HealthActivities health;
  private final MigrationActivities migration;
  private final SmokeActivities smoke;
  private final TrafficActivities traffic;
  private final MonitorActivities monitor;

  ReleaseActivities(ReleaseRequest request) {
    ReleaseSpec spec = request.spec();
    inputs = new ActivityInputs(request.releaseId(), request.version(), spec);
    deploy = Workflow.newActivityStub(DeployActivities.class, ReleaseActivityOptions.deploy(spec));
    health = Workflow.newActivityStub(HealthActivities.class, ReleaseActivityOptions.health(spec));
    migration =
        Workflow.newActivityStub(MigrationActivities.class, ReleaseActivityOptions.migrate());
    smoke = Workflow.newActivityStub(SmokeActivities.class, ReleaseActivityOptions.smoke());
    traffic =
        Workflow.newActivityStub(
            TrafficActivities.class,
            ReleaseActivityOptions.traffic(spec, TrafficTaskQueue.forThisRelease()));
    monitor =
        Workflow.newActivityStub(MonitorActivities.class, ReleaseActivityOptions.monitor(spec));
  }

  Color liveColor() {
    return traffic.liveColor(inputs.traffic());
  }

  String deploy(Color color) {
    return deploy.deploy(inputs.deploy(), color);
  }

  String awaitHealthy(Color color) {
    return health.awaitHealthy(inputs.health(), color);
  }

  MigrationReport migrate() {
    return migration.migrate(inputs.migrate());
  }

  /** The migrations a failed migrate left applied: the activity sends them as the details. */
  static List<AppliedMigration> leftApplied(ActivityFailure f) {
    if (!(f.getCause() instanceof ApplicationFailure a) || a.getDetails().getSize() == 0)
      return List.of();
    try {
      MigrationReport report = a.getDetails().get(0, MigrationReport.class);
      return report == null || report.applied() == null ? List.of() : report.applied();
    } catch (RuntimeException unreadable) {
      return List.of(); // details of another shape: say nothing rather than fail the ending
    }
  }

  SmokeReport smoke(Color color) {
    return smoke.smoke(inputs.smoke(), color);
  }

  long baseline() {
    return monitor.baseline(inputs.monitor());
  }

  String switchTo(Color color, int percent) {
    return traffic.switchTo(inputs.traffic(), color, percent);
  }

  String verifyServing(Color color) {
    return traffic.verifyServing(inputs.traffic(), color);
  }

  MonitorReport watch(Duration length, long baselineP95Ms) {
    return monitor.watch(inputs.monitor(), length, baselineP95Ms);
  }

  MonitorBaseline baselineChecks(Color live) {
    return monitor.baselineChecks(inputs.monitor(), live.label());
  }

  MonitorReport watchGrid(WatchPlan plan) {
    return monitor.watchGrid(inputs.monitor(), plan);
  }
}
