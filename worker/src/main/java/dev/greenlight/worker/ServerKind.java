package dev.greenlight.worker;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Which kind of Temporal server a worker talks to. The Java SDK's test server (the one {@code
 * greenlight dev} and the tests run) reports no server version; every real Temporal server (and the
 * Temporal CLI's dev server) reports its own.
 */
final class ServerKind {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private ServerKind() {}

  /**
   * True only when the server answers GetSystemInfo without a server version: the Java test server.
   * A server that cannot answer is taken as a real one.
   */
  static boolean isJavaTestServer(WorkflowServiceStubs stubs) {
    try {
      GetSystemInfoResponse info =
          stubs
              .blockingStub()
              .withDeadlineAfter(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return info.getServerVersion().isBlank();
    } catch (StatusRuntimeException e) {
      return false;
    }
  }
}
