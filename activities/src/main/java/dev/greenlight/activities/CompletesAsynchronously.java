package dev.greenlight.activities;

import io.temporal.client.ActivityCompletionClient;

/**
 * Activities that can wait without holding a thread or an activity slot: given a completion client
 * by the worker, they return at once and a scheduler of their own heartbeats and completes them
 * (the SDK's {@code doNotCompleteOnReturn}). Without one they run synchronously.
 *
 * <pre>
 * for (Object a : activities)
 *   if (a instanceof CompletesAsynchronously async)
 *     async.completeWith(client.newActivityCompletionClient());
 * ...
 * async.stopCompleting(); // worker shutdown
 * </pre>
 */
public interface CompletesAsynchronously {
  /** From now on, completes its long activities asynchronously through {@code completions}. */
  void completeWith(ActivityCompletionClient completions);

  /**
   * Stops the scheduler (the worker is shutting down): the activities it was completing stop
   * heartbeating and are retried by another worker after their heartbeat timeout.
   */
  void stopCompleting();
}
