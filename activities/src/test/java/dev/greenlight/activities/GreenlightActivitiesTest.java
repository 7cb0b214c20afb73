package dev.greenlight.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.activities.DeployActivities;
import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.NotifyActivities;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.model.Color;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreenlightActivitiesTest {
  @TempDir Path dir;

  @Test
  void everyActivityInterfaceTheWorkflowCallsHasExactlyOneImplementation() {
    List<Object> all = GreenlightActivities.all();

    for (Class<?> api :
        List.of(
            DeployActivities.class,
            HealthActivities.class,
            MigrationActivities.class,
            SmokeActivities.class,
            TrafficActivities.class,
            MonitorActivities.class,
            NotifyActivities.class)) {
      assertThat(all.stream().filter(api::isInstance)).as(api.getSimpleName()).hasSize(1);
    }
  }

  @Test
  void theyRegisterOnOneWorkerAndAnswerCalls() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(GreenlightActivities.all().toArray());
      TrafficActivities traffic =
          env.newActivityStub(
              TrafficActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());

      // the default test spec's active hook is `echo blue`
      assertThat(traffic.liveColor(SpecBuilder.in(dir).context())).isEqualTo(Color.BLUE);
    } finally {
      env.close();
    }
  }
}
