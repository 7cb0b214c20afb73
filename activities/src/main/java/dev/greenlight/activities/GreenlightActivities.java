package dev.greenlight.activities;

import dev.greenlight.activities.database.MigrationActivitiesImpl;
import dev.greenlight.activities.deploy.DeployActivitiesImpl;
import dev.greenlight.activities.deploy.HealthActivitiesImpl;
import dev.greenlight.activities.monitor.probe.MonitorActivitiesImpl;
import dev.greenlight.activities.smoke.SmokeActivitiesImpl;
import dev.greenlight.activities.traffic.TrafficActivitiesImpl;
import java.util.List;

/**
 * Every activity implementation a Greenlight worker registers:
 * {@code worker.registerActivitiesImplementations(GreenlightActivities.all().toArray())}.
 */
public final class GreenlightActivities {
  private GreenlightActivities() {}

  /** One instance of each implementation; all are stateless and thread-safe. */
  public static List<Object> all() {
    return List.of(
        new DeployActivitiesImpl(),
        new HealthActivitiesImpl(),
        new MigrationActivitiesImpl(),
        new SmokeActivitiesImpl(),
        new TrafficActivitiesImpl(),
        new MonitorActivitiesImpl());
  }
}
