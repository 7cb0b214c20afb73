package dev.greenlight.client.timeline;

import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.RefusedException;
import dev.greenlight.client.ReleaseClient;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a release until it ends or a timeout runs out, handing every status read (every {@link
 * ReleaseClient#POLL_INTERVAL}, changed or not) to a printer, so a progress bar keeps counting.
 */
public final class ReleaseFollower {
  private ReleaseFollower() {}

  /**
   * @param timeout how long to follow at most; null for as long as it runs
   * @return the final status, or empty when the timeout ran out first (the release still runs)
   */
  public static Optional<ReleaseStatus> follow(
      ReleaseClient client, String id, Duration timeout, Consumer<ReleaseStatus> onPoll)
      throws RefusedException, InterruptedException {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    while (true) {
      ReleaseStatus now = client.status(id);
      onPoll.accept(now);
      if (now.state() != null && now.state().finished()) return Optional.of(now);
      long left = deadline - System.nanoTime();
      if (left <= 0) return Optional.empty();
      Thread.sleep(Math.min(ReleaseClient.POLL_INTERVAL.toMillis(), left / 1_000_000 + 1));
    }
  }
}
