package dev.greenlight.client;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How patiently {@link TemporalConnection#connect} waits for Temporal's first answers. A slow
 * server is not an unreachable one: a call that times out or finds the server briefly unavailable
 * is tried again, each time with a longer deadline, until {@code patience} is used up. A refused
 * port, an unknown host or a TLS or credentials refusal is final at once: waiting would not help.
 */
final class ConnectionCheck {
  /** The deadline of the first attempt; each next one doubles it. */
  static final Duration FIRST_ATTEMPT = Duration.ofSeconds(5);

  private final Duration patience;
  private boolean connected;

  ConnectionCheck(Duration patience) {
    this.patience = patience;
  }

  /**
   * Runs {@code rpc} until it answers, or throws its last failure once a retry cannot help or the
   * patience is used up.
   */
  <T> T call(WorkflowServiceStubs stubs, Function<WorkflowServiceBlockingStub, T> rpc) {
    long end = System.nanoTime() + patience.toNanos();
    long attempt = FIRST_ATTEMPT.toMillis();
    long pause = 200;
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
      try {
        T answer =
            rpc.apply(
                stubs
                    .blockingStub()
                    .withDeadlineAfter(
                        Math.max(1, Math.min(attempt, left)), TimeUnit.MILLISECONDS));
        connected = true;
        return answer;
      } catch (StatusRuntimeException e) {
        if (ready(stubs)) connected = true;
        left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (!worthRetrying(e) || left <= pause) throw e;
        sleep(pause);
        pause = Math.min(pause * 2, 1000);
        attempt *= 2;
      }
    }
  }

  /** The patience, for messages. */
  Duration patience() {
    return patience;
  }

  /** True once a connection was established (the server accepted us, even if it then was slow). */
  boolean everConnected() {
    return connected;
  }

  private static boolean worthRetrying(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.RESOURCE_EXHAUSTED) {
      return true;
    }
    if (code != Status.Code.UNAVAILABLE) return false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof javax.net.ssl.SSLException) {
        return false; // nothing listens, no such host, or the TLS handshake failed: final
      }
      if (t.getCause() == t) break;
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return !message.contains("connection refused") && !message.contains("unresolved address");
  }

  private static boolean ready(WorkflowServiceStubs stubs) {
    ManagedChannel channel = stubs.getRawChannel();
    return channel != null && channel.getState(false) == ConnectivityState.READY;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
  }
}
