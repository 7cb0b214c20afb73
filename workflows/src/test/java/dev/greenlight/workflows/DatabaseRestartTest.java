package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.activities.DeployActivities;
import dev.greenlight.api.activities.HealthActivities;
import dev.greenlight.api.activities.MigrationActivities;
import dev.greenlight.api.activities.MonitorActivities;
import dev.greenlight.api.activities.SmokeActivities;
import dev.greenlight.api.activities.TrafficActivities;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL restart can outlast the 15 s that other transient failures get: migrate keeps
 * retrying for about four minutes (test server time, skipped).
 */
class DatabaseRestartTest {
  @TempDir Path dir;

  @Test
  void aDatabaseGoneForTwoMinutesDelaysTheReleaseButDoesNotFailIt() throws Exception {
    FakeActivities fake = new FakeActivities();
    AtomicInteger attempts = new AtomicInteger();
    // the database answers again at the 7th attempt: 2+4+8+16+32+60 s of backoff, about 2 minutes
    Object activities =
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {
              DeployActivities.class,
              HealthActivities.class,
              MigrationActivities.class,
              SmokeActivities.class,
              TrafficActivities.class,
              MonitorActivities.class
            },
            (proxy, method, args) -> {
              if (method.getName().equals("migrate") && attempts.incrementAndGet() < 7) {
                throw ApplicationFailure.newFailure(
                    "PostgreSQL is restarting (SQLSTATE 57P03)", "DatabaseUnavailable");
              }
              try {
                return method.invoke(fake, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });

    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("restart");
      worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
      env.start();
      String id = "shop-2.0.0-restart";
      ReleaseWorkflow wf =
          env.getWorkflowClient()
              .newWorkflowStub(
                  ReleaseWorkflow.class,
                  WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("restart").build());
      WorkflowClient.start(
          wf::release, new ReleaseRequest(id, "2.0.0", "carol", SpecBuilder.release(dir).load()));
      for (int i = 0; i < 400; i++) {
        ReleaseStatus s = wf.status();
        if (s != null && (s.stage() == Stage.AWAITING_APPROVAL || s.state().finished())) break;
        env.sleep(Duration.ofSeconds(5)); // the test server does not skip retry backoffs itself
      }
      if (!wf.status().state().finished()) wf.approveUpdate(Decision.approve("alice", null));
      ReleaseStatus done = WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);

      assertThat(done.outcome()).startsWith("shop 2.0.0 is live on green");
      assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
      assertThat(attempts).hasValue(7);
      assertThat(done.migrations()).extracting(m -> m.script()).contains("V2__add_order_note.sql");
    }
  }
}
