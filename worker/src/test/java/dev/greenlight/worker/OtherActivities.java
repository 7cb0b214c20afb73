package dev.greenlight.worker;

import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MigrationReport;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.MonitorReport;
import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.SmokeReport;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.model.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every activity of a release but the deploy, answering at once and well: these tests are about the
 * deploy.
 */
final class OtherActivities
    implements HealthActivities,
        MigrationActivities,
        SmokeActivities,
        TrafficActivities,
        MonitorActivities {
  @Override
  public String awaitHealthy(ReleaseContext ctx, Color color) {
    return color + " healthy, reports " + ctx.version();
  }

  @Override
  public MigrationReport migrate(ReleaseContext ctx) {
    return new MigrationReport(List.of(), "0", "nothing to migrate");
  }

  @Override
  public SmokeReport smoke(ReleaseContext ctx, Color color) {
    return new SmokeReport(
        true, List.of(new SmokeReport.CheckResult("health", true, "200 in 3ms")));
  }

  @Override
  public Color liveColor(ReleaseContext ctx) {
    return Color.BLUE;
  }

  @Override
  public String switchTo(ReleaseContext ctx, Color color, int percent) {
    return "switched";
  }

  @Override
  public String verifyServing(ReleaseContext ctx, Color color) {
    return "20/20 responses from " + color;
  }

  @Override
  public long baseline(ReleaseContext ctx) {
    return 12;
  }

  @Override
  public MonitorReport watch(ReleaseContext ctx, Duration length, long baselineP95Ms) {
    return new MonitorReport(
        List.of(new MonitorSample(Instant.now().toString(), 10, 0, 14, "OK", null)), false, null);
  }
}
