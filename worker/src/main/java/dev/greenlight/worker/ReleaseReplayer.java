package dev.greenlight.worker;

import dev.greenlight.api.spec.RouterTypes;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/**
 * Replays release histories against this build's workflow code, as a worker does when it picks up a
 * release after a restart ({@code greenlight audit replay}). Plain SDK, no test server and no
 * Temporal: the worker's service is an in-process stand-in that answers the one question replay
 * asks a server (its capabilities, as the Java test server that recorded the golden histories
 * answers it); every other call is refused.
 */
public final class ReleaseReplayer implements AutoCloseable {
  private final WorkflowServiceStubs stubs;
  private final Worker worker;

  public ReleaseReplayer() {
    this(DefaultDataConverter.STANDARD_INSTANCE);
  }

  /**
   * Replays histories whose payloads {@code converter} reads: with {@code --codec-key-file}, the
   * payload codec's.
   */
  public ReleaseReplayer(DataConverter converter) {
    RouterTypes.SUPPORTED.size(); // see RouterTypes: load the registry outside workflow threads
    stubs =
        WorkflowServiceStubs.newInstance(
            new CapabilitiesOnly(), WorkflowServiceStubsOptions.newBuilder().build());
    WorkerFactory factory =
        WorkerFactory.newInstance(
            WorkflowClient.newInstance(
                stubs, WorkflowClientOptions.newBuilder().setDataConverter(converter).build()));
    worker = factory.newWorker("greenlight-replay");
    worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
  }

  /**
   * Replays one history.
   *
   * @throws Exception what the replay found; a change of the commands the code issues says
   *     TMPRL1100
   */
  public void replay(WorkflowExecutionHistory history) throws Exception {
    worker.replayWorkflowExecution(history);
  }

  @Override
  public void close() {
    stubs.shutdownNow();
  }

  /** Answers GetSystemInfo only; every other call is UNIMPLEMENTED. */
  private static final class CapabilitiesOnly extends WorkflowServiceGrpc.WorkflowServiceImplBase {
    @Override
    public void getSystemInfo(
        GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
      response.onNext(
          GetSystemInfoResponse.newBuilder()
              .setCapabilities(
                  GetSystemInfoResponse.Capabilities.newBuilder()
                      .setSdkMetadata(true)
                      .setSignalAndQueryHeader(true)
                      .setEncodedFailureAttributes(true)
                      .setEagerWorkflowStart(true)
                      .setUpsertMemo(true)
                      .setNexus(true))
              .build());
      response.onCompleted();
    }
  }
}
