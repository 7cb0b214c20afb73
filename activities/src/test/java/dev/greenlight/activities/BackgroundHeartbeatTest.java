package dev.greenlight.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityExecutionContext;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BackgroundHeartbeatTest {

  /**
   * The SDK sends a heartbeat as a blocking gRPC call: interrupting it cancels the call, and the
   * SDK logs "Heartbeat failed" as a WARN with a stack trace. At 200 releases that was 210 stack
   * traces in the worker log, all from work that had simply finished.
   */
  @Test
  void closingDoesNotInterruptAHeartbeatInFlight() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicInteger beats = new AtomicInteger();
    ActivityExecutionContext activity =
        context(
            () -> {
              beats.incrementAndGet();
              inFlight.countDown();
              try {
                answer.await(); // the server is slow to answer
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
            });

    BackgroundHeartbeat beat = BackgroundHeartbeat.start(activity, "migrating");
    assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
    beat.close(); // the work is done while the heartbeat is on the wire
    answer.countDown();
    Thread.sleep(1500); // a second later a live timer would have beaten again

    assertThat(interrupted).as("the heartbeat in flight was interrupted").isFalse();
    assertThat(beats).as("heartbeats, none after close").hasValue(1);
  }

  private static ActivityExecutionContext context(Runnable heartbeat) {
    return (ActivityExecutionContext)
        Proxy.newProxyInstance(
            ActivityExecutionContext.class.getClassLoader(),
            new Class<?>[] {ActivityExecutionContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("heartbeat")) {
                heartbeat.run();
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
