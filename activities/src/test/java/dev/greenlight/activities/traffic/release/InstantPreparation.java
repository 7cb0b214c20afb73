package dev.greenlight.activities.traffic.release;

import dev.greenlight.api.activities.DeployActivities;
import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.model.Color;
import java.util.List;

/**
 * Deploy, health, migration and smoke activities that succeed at once: the backends of a {@link
 * BlueGreenStand} are already up, and these tests are about what happens from the switch on.
 */
public final class InstantPreparation
    implements DeployActivities, HealthActivities, MigrationActivities, SmokeActivities {

  @Override
  public String deploy(ReleaseContext ctx, Color color) {
    return ctx.version() + " already runs on " + color;
  }

  @Override
  public String awaitHealthy(ReleaseContext ctx, Color color) {
    return color + " is up";
  }

  @Override
  public MigrationReport migrate(ReleaseContext ctx) {
    return new MigrationReport(List.of(), "none", "nothing to migrate");
  }

  @Override
  public SmokeReport smoke(ReleaseContext ctx, Color color) {
    return new SmokeReport(
        true, List.of(new SmokeReport.CheckResult("up", true, color + " answers")));
  }
}
