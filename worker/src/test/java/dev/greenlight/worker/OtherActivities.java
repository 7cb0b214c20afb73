package dev.greenlight.worker;

import dev.greenlight.workflows.activities.HealthActivities;
import dev.greenlight.workflows.activities.MigrationActivities;
import dev.greenlight.workflows.activities.MigrationReport;
import dev.greenlight.workflows.activities.MonitorActivities;
import dev.greenlight.workflows.activities.MonitorReport;
import dev.greenlight.workflows.activities.MonitorSample;
import dev.greenlight.workflows.activities.ReleaseContext;
import dev.greenlight.workflows.activities.SmokeActivities;
import dev.greenlight.workflows.activities.SmokeReport;
import dev.greenlight.workflows.activities.TrafficActivities;
import dev.greenlight.workflows.model.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Every activity of a release but the deploy, answering at once and well: these tests are about the deploy. */
final class OtherActivities implements HealthActivities, MigrationActivities, SmokeActivities, TrafficActivities,
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
    return new SmokeReport(true, List.of(new SmokeReport.CheckResult("health", true, "200 in 3ms")));
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
    return new MonitorReport(List.of(new MonitorSample(Instant.now().toString(), 10, 0, 14, "OK", null)), false, null);
  }
}
