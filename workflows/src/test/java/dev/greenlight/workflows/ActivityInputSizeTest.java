package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.api.ReleaseRequest;
import dev.greenlight.api.ReleaseWorkflow;
import dev.greenlight.api.model.Decision;
import dev.greenlight.api.model.ReleaseState;
import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.api.model.Stage;
import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each activity input carries only the spec sections that activity reads (see {@link
 * ActivityInputs}), so a release's history does not repeat the whole spec 24 times. Prints the
 * sizes BENCHMARKS.md records.
 */
class ActivityInputSizeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everyActivityOfASuccessfulReleaseGetsOnlyTheSpecSectionsItReads() throws Exception {
    WorkflowExecutionHistory history = successfulRelease();

    JsonNode full =
        JSON.readTree(
                history
                    .getEvents()
                    .get(0)
                    .getWorkflowExecutionStartedEventAttributes()
                    .getInput()
                    .getPayloads(0)
                    .getData()
                    .toString(StandardCharsets.UTF_8))
            .get("spec");
    Map<String, List<JsonNode>> specs = new LinkedHashMap<>();
    long inputBytes = 0;
    for (HistoryEvent e : history.getEvents()) {
      if (!e.hasActivityTaskScheduledEventAttributes()) continue;
      ActivityTaskScheduledEventAttributes a = e.getActivityTaskScheduledEventAttributes();
      inputBytes += a.getInput().getSerializedSize();
      String context = a.getInput().getPayloads(0).getData().toString(StandardCharsets.UTF_8);
      specs
          .computeIfAbsent(a.getActivityType().getName(), k -> new ArrayList<>())
          .add(JSON.readTree(context).get("spec"));
    }
    System.out.printf(
        "history size: successful release, 15-minute window: %d events, %d bytes of history"
            + " JSON, %d bytes of activity inputs in %d activities%n",
        history.getEvents().size(),
        history.toJson(true).getBytes(StandardCharsets.UTF_8).length,
        inputBytes,
        specs.values().stream().mapToInt(List::size).sum());

    String traffic = "app, blue.url, database.passwordEnv, green.url, health, router";
    assertThat(sections(full, specs, "LiveColor")).isEqualTo(traffic);
    assertThat(sections(full, specs, "SwitchTo")).isEqualTo(traffic);
    assertThat(sections(full, specs, "VerifyServing")).isEqualTo(traffic);
    assertThat(sections(full, specs, "Deploy"))
        .isEqualTo("app, blue, database.passwordEnv, green, health");
    assertThat(sections(full, specs, "AwaitHealthy")).isEqualTo("app, blue.url, green.url, health");
    assertThat(sections(full, specs, "Migrate")).isEqualTo("app, database");
    assertThat(sections(full, specs, "Smoke")).isEqualTo("app, blue.url, green.url, smoke");
    // releases since monitor-grid-1 call BaselineChecks and WatchGrid (Baseline, Watch before)
    assertThat(sections(full, specs, "BaselineChecks")).isEqualTo("app, monitor, router.url");
    assertThat(sections(full, specs, "WatchGrid")).isEqualTo("app, monitor, router.url");
  }

  /**
   * The spec sections every call of {@code activity} got, as "section" when whole, else
   * "section.field" for each field kept.
   */
  private static String sections(
      JsonNode full, Map<String, List<JsonNode>> specs, String activity) {
    assertThat(specs).containsKey(activity);
    TreeSet<String> seen = new TreeSet<>();
    for (JsonNode spec : specs.get(activity)) seen.add(String.join(", ", kept(full, spec)));
    assertThat(seen).as("every %s call gets the same sections", activity).hasSize(1);
    return seen.first();
  }

  private static TreeSet<String> kept(JsonNode whole, JsonNode spec) {
    TreeSet<String> kept = new TreeSet<>();
    for (Iterator<String> names = spec.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode section = spec.get(name);
      if (section.isNull()) continue;
      if (!section.isObject() || section.equals(whole.get(name))) {
        kept.add(name);
        continue;
      }
      for (Iterator<String> fields = section.fieldNames(); fields.hasNext(); ) {
        String field = fields.next();
        JsonNode value = section.get(field);
        // a number left at 0 is unset too (a record's int cannot be null)
        if (!value.isNull() && !(value.isNumber() && value.asDouble() == 0)) {
          kept.add(name + "." + field);
        }
      }
    }
    return kept;
  }

  private WorkflowExecutionHistory successfulRelease() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("sizes");
      worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
      worker.registerActivitiesImplementations(new FakeActivities());
      env.start();
      var spec = SpecBuilder.release(dir).load();
      String id = "shop-2.0.0-sizes";
      ReleaseWorkflow wf =
          env.getWorkflowClient()
              .newWorkflowStub(
                  ReleaseWorkflow.class,
                  WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("sizes").build());
      WorkflowClient.start(wf::release, new ReleaseRequest(id, "2.0.0", "carol", spec));
      for (int i = 0;
          i < 400 && (wf.status() == null || wf.status().stage() != Stage.AWAITING_APPROVAL);
          i++) {
        Thread.sleep(25);
      }
      wf.approveUpdate(Decision.approve("alice", "ship it"));
      ReleaseStatus done = WorkflowStub.fromTyped(wf).getResult(ReleaseStatus.class);
      assertThat(done.state()).isEqualTo(ReleaseState.SUCCEEDED);
      return env.getWorkflowClient().fetchHistory(id);
    }
  }
}
