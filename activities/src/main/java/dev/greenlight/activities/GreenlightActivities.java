package dev.greenlight.activities;

import dev.greenlight.activities.database.MigrationActivitiesImpl;
import dev.greenlight.activities.deploy.DeployActivitiesImpl;
import dev.greenlight.activities.deploy.HealthActivitiesImpl;
import dev.greenlight.activities.inspect.InspectionActivitiesImpl;
import dev.greenlight.activities.monitor.MonitorActivitiesImpl;
import dev.greenlight.activities.notify.NotifyActivitiesImpl;
import dev.greenlight.activities.smoke.SmokeActivitiesImpl;
import dev.greenlight.activities.traffic.TrafficActivitiesImpl;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Every activity implementation a Greenlight worker registers: {@code
 * worker.registerActivitiesImplementations(GreenlightActivities.all().toArray())}.
 */
public final class GreenlightActivities {
  private GreenlightActivities() {}

  /** One instance of each implementation; all are stateless and thread-safe. */
  public static List<Object> all() {
    return all(System::getenv);
  }

  /**
   * The same, reading secrets (database passwords, webhook URLs, the embedded proxy's admin token)
   * through {@code environment} instead of the process environment; the local stack uses it for its
   * embedded, trust-auth PostgreSQL.
   */
  public static List<Object> all(UnaryOperator<String> environment) {
    return List.of(
        new DeployActivitiesImpl(),
        new HealthActivitiesImpl(),
        new MigrationActivitiesImpl(environment),
        new SmokeActivitiesImpl(),
        new TrafficActivitiesImpl(environment),
        new MonitorActivitiesImpl(),
        new NotifyActivitiesImpl(environment),
        new InspectionActivitiesImpl());
  }
}
