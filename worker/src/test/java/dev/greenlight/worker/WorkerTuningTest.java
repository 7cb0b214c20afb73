package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.testkit.FakeActivities;
import dev.greenlight.testkit.FreePort;
import dev.greenlight.workflows.TrafficTaskQueue;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code greenlight worker}'s tuning flags, and the sticky queue per kind of server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerTuningTest {
  private static final String QUEUE = "greenlight-tuning-test";

  private static WorkerCommand parse(String... args) {
    WorkerCommand command = new WorkerCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void theFlagsReachTheWorkerAndItsFactory() {
    WorkerTuning tuning =
        parse(
                "--max-concurrent-activities", "7",
                "--max-concurrent-workflow-tasks", "5",
                "--sticky-cache-size", "50")
            .tuning();
    onTestServer(
        tuning,
        worker -> {
          WorkerOptions options = worker.options(QUEUE);
          assertThat(options.getMaxConcurrentActivityExecutionSize()).isEqualTo(7);
          assertThat(options.getMaxConcurrentWorkflowTaskExecutionSize()).isEqualTo(5);
          // the traffic queue keeps its own slots whatever the main queue's
          assertThat(
                  worker
                      .options(TrafficTaskQueue.of(QUEUE))
                      .getMaxConcurrentActivityExecutionSize())
              .isEqualTo(WorkerTuning.DEFAULTS.trafficSlots());
          // the Java test server needs the sticky queue off, and then a cache is of no use
          assertThat(options.getStickyQueueScheduleToStartTimeout()).isEqualTo(Duration.ZERO);
          assertThat(worker.stickyCacheSize()).isEqualTo(1);
        });
  }

  @Test
  void theStickyCacheSizeHoldsWhereTheStickyQueueIsOn() {
    WorkerTuning tuning =
        parse("--sticky-cache-size", "50", "--sticky-schedule-to-start", "5s").tuning();
    onTestServer(tuning, worker -> assertThat(worker.stickyCacheSize()).isEqualTo(50));
    WorkerTuning off =
        parse("--sticky-cache-size", "50", "--sticky-schedule-to-start", "0s").tuning();
    onTestServer(off, worker -> assertThat(worker.stickyCacheSize()).isEqualTo(1));
  }

  /** Starts a worker with {@code tuning} against a Java test server, and runs {@code check}. */
  private static void onTestServer(WorkerTuning tuning, Consumer<ReleaseWorker> check) {
    int port = FreePort.find();
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port)) {
      WorkflowServiceStubs stubs = stubs(port);
      try (ReleaseWorker worker =
          ReleaseWorker.start(
              WorkflowClient.newInstance(stubs),
              QUEUE,
              List.of(new FakeActivities()),
              Duration.ofSeconds(1),
              tuning)) {
        check.accept(worker);
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  @Test
  void withoutFlagsTheDefaultsAreTheSdks() {
    WorkerTuning tuning = parse().tuning();
    assertThat(tuning.maxConcurrentActivities()).isEqualTo(200);
    assertThat(tuning.maxConcurrentWorkflowTasks()).isEqualTo(200);
    assertThat(tuning.stickyCacheSize()).isEqualTo(600);
  }

  @Test
  void anExplicitStickyTimeoutHoldsEvenOnTheJavaTestServer() {
    WorkerTuning tuning = parse("--sticky-schedule-to-start", "5s").tuning();
    onTestServer(
        tuning,
        worker ->
            assertThat(worker.options(QUEUE).getStickyQueueScheduleToStartTimeout())
                .isEqualTo(Duration.ofSeconds(5)));
    assertThat(parse().tuning().stickyScheduleToStart()).as("not given: per server").isNull();
  }

  @Test
  void aStickyTimeoutThatIsNoDurationIsAUsageErrorNamingTheFlag() {
    assertThatThrownBy(() -> parse("--sticky-schedule-to-start", "soon").tuning())
        .isInstanceOf(ParameterException.class)
        .hasMessageStartingWith("--sticky-schedule-to-start: 'soon' is not a duration");
  }

  @Test
  void aSlotCountBelowOneIsAUsageErrorNamingTheFlag() {
    assertThatThrownBy(() -> parse("--max-concurrent-activities", "0").tuning())
        .isInstanceOf(ParameterException.class)
        .hasMessage("--max-concurrent-activities: must be at least 1, not 0");
    assertThatThrownBy(() -> parse("--sticky-cache-size", "-3").tuning())
        .isInstanceOf(ParameterException.class)
        .hasMessage("--sticky-cache-size: must be at least 1, not -3");
  }

  @Test
  void theJavaTestServerIsToldApartFromARealServer() throws Exception {
    int port = FreePort.find();
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port)) {
      WorkflowServiceStubs stubs = stubs(port);
      try {
        assertThat(ServerKind.isJavaTestServer(stubs)).as("the Java test server").isTrue();
      } finally {
        stubs.shutdownNow();
      }
    }
    // a real server reports its version: the sticky queue stays as the SDK intends
    Server real =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new RealServerInfo("1.27.2"))
            .build()
            .start();
    WorkflowServiceStubs stubs = stubs(real.getPort());
    try {
      assertThat(ServerKind.isJavaTestServer(stubs)).as("a server with a version").isFalse();
    } finally {
      stubs.shutdownNow();
      real.shutdownNow();
    }
  }

  private static WorkflowServiceStubs stubs(int port) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
  }

  /** Answers GetSystemInfo as a real Temporal server does; nothing else. */
  private static final class RealServerInfo extends WorkflowServiceGrpc.WorkflowServiceImplBase {
    private final String version;

    RealServerInfo(String version) {
      this.version = version;
    }

    @Override
    public void getSystemInfo(
        GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> answer) {
      answer.onNext(GetSystemInfoResponse.newBuilder().setServerVersion(version).build());
      answer.onCompleted();
    }
  }
}
