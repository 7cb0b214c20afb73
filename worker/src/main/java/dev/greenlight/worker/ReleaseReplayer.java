package dev.greenlight.worker;

import dev.greenlight.api.spec.RouterTypes;
import dev.greenlight.workflows.ReleaseWorkflowImpl;
import dev.greenlight.workflows.UndoWorkflowImpl;
import dev.greenlight.workflows.lock.AppLockWorkflowImpl;
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
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * Replays release histories against this build's workflow code, as a worker does when it picks up a
 * release after a restart ({@code greenlight audit replay}). Plain SDK, no test server and no
 * Temporal: the worker's service is an in-process stand-in that answers the one question replay
 * asks a server (its capabilities, as the Java test server that recorded the golden histories
 * answers it); every other call is refused.
 */
public final class ReleaseReplayer implements AutoCloseable {
  /**
   * How long a workflow thread may run without yielding during replay before the SDK calls it a
   * deadlock. A worker's default (1s) is for live tasks; a cold JVM loading the workflow's classes
   * on a busy machine takes longer than that, and that is not a determinism problem.
   */
  static final Duration DEADLOCK_TIMEOUT = Duration.ofMinutes(2);

  /** What replaying one history found. */
  public enum Outcome {
    /** The current code takes the recorded path. */
    REPLAYS,
    /** The current code issues other commands than the history holds (TMPRL1100). */
    NON_DETERMINISTIC,
    /** The replay did not finish in time, twice: the machine is slow, the code may be fine. */
    TIMED_OUT,
    /** Something else went wrong (an unreadable payload, a failing workflow method). */
    FAILED
  }

  /**
   * The outcome and, unless it replays, one line that says what went wrong.
   *
   * @param message null when it replays
   */
  public record Verdict(Outcome outcome, String message) {}

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
    worker =
        factory.newWorker(
            "greenlight-replay",
            WorkerOptions.newBuilder()
                .setDefaultDeadlockDetectionTimeout(DEADLOCK_TIMEOUT.toMillis())
                .build());
    // an app's histories are of the release, the undo and the app's own workflow (the lock)
    worker.registerWorkflowImplementationTypes(
        ReleaseWorkflowImpl.class, UndoWorkflowImpl.class, AppLockWorkflowImpl.class);
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

  /**
   * Replays {@code history} and says what it found. A failure that is not a determinism failure is
   * tried once more (the first replay of a cold JVM may be slow); a timeout is reported as one,
   * never as non-determinism.
   */
  public Verdict check(WorkflowExecutionHistory history) {
    Exception first = attempt(history);
    if (first == null) return new Verdict(Outcome.REPLAYS, null);
    if (outcomeOf(first) == Outcome.NON_DETERMINISTIC) {
      return new Verdict(Outcome.NON_DETERMINISTIC, allMessages(first));
    }
    Exception again = attempt(history); // warm now: a slow first replay passes
    if (again == null) return new Verdict(Outcome.REPLAYS, null);
    return new Verdict(outcomeOf(again), allMessages(again));
  }

  private Exception attempt(WorkflowExecutionHistory history) {
    try {
      replay(history);
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  /** Classifies a replay failure by what the SDK says (its messages, at any depth). */
  static Outcome outcomeOf(Throwable e) {
    String all = allMessages(e);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("NonDeterministicException")) {
        return Outcome.NON_DETERMINISTIC;
      }
      if (t.getClass().getSimpleName().equals("PotentialDeadlockException")) {
        return Outcome.TIMED_OUT;
      }
      if (t.getCause() == t) break;
    }
    if (all.contains("TMPRL1100")) return Outcome.NON_DETERMINISTIC;
    String lower = all.toLowerCase(java.util.Locale.ROOT);
    if (all.contains("TMPRL1101")
        || lower.contains("deadlock")
        || lower.contains("deadline")
        || lower.contains("timed out")
        || lower.contains("timeout")) {
      return Outcome.TIMED_OUT;
    }
    return Outcome.FAILED;
  }

  private static String allMessages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) all.append(t.getMessage()).append(' ');
      if (t.getCause() == t) break;
    }
    return all.toString().trim();
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
