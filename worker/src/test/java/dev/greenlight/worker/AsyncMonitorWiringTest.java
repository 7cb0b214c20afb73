package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.monitor.MonitorActivitiesImpl;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real worker gives the monitor a completion client, so that watches wait without a thread or
 * an activity slot, and takes it back when it stops.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncMonitorWiringTest {
  /** The monitor, recording what the worker tells it. */
  static final class RecordingMonitor extends MonitorActivitiesImpl {
    final List<String> calls = new ArrayList<>();

    @Override
    public synchronized void completeWith(ActivityCompletionClient completions) {
      calls.add(completions == null ? "completeWith null" : "completeWith client");
      super.completeWith(completions);
    }

    @Override
    public synchronized void stopCompleting() {
      calls.add("stopCompleting");
      super.stopCompleting();
    }
  }

  @Test
  void theWorkerStartsAndStopsTheMonitorsScheduler() {
    RecordingMonitor monitor = new RecordingMonitor();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      ReleaseWorker worker =
          ReleaseWorker.start(
              env.getWorkflowClient(), "async-wiring", List.of(monitor), Duration.ofSeconds(1));
      assertThat(monitor.calls).containsExactly("completeWith client");

      worker.close();

      assertThat(monitor.calls).containsExactly("completeWith client", "stopCompleting");
    }
  }
}
