package dev.greenlight.worker.archive;

import dev.greenlight.api.model.ReleaseStatus;
import dev.greenlight.client.RefusedException;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.archive.ArchiveException;
import dev.greenlight.client.archive.ArchivedRelease;
import dev.greenlight.client.archive.ReleaseArchive;
import dev.greenlight.client.audit.ReleaseHistory;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every ended release into the {@link ReleaseArchive} while the worker runs, so its history
 * and report outlive Temporal's retention. Every {@code interval} it lists the closed release
 * workflows, skips those already archived, and stores each new one: its history exactly as {@code
 * greenlight audit export} writes it, the audit report, and the final status {@code greenlight
 * status} shows.
 *
 * <p>Several workers may archive into the same database: the store keeps the first copy. A broken
 * archive never stops releases; the archiver logs what is wrong and tries again next round.
 *
 * <p>Listing ({@link ReleaseClient#closedReleases}): the start-time filter looks back {@link
 * #RECENT} on most rounds and over all retained history on the first round and every {@link
 * #FULL_SWEEP}, which finds a long release however the server applies it.
 */
public final class ReleaseArchiver implements AutoCloseable {
  /** How often the archiver looks for ended releases by default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /** How far back a normal round looks. */
  static final Duration RECENT = Duration.ofDays(2);

  /** How often a round looks over all retained history. */
  static final Duration FULL_SWEEP = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(ReleaseArchiver.class);

  private final WorkflowClient client;
  private final ReleaseClient releases;
  private final ReleaseArchive archive;
  private final Clock clock;

  /** Ids known to be in the archive: they are never fetched again. */
  private final Set<String> archived = ConcurrentHashMap.newKeySet();

  private ScheduledExecutorService timer;
  private boolean migrated;
  private Instant lastFullSweep;
  private String lastProblem;

  /**
   * An archiver that runs only when asked ({@link #archiveEnded()}); {@link #start} runs it on a
   * timer.
   */
  public ReleaseArchiver(WorkflowClient client, String taskQueue, ReleaseArchive archive) {
    this.client = client;
    this.releases = new ReleaseClient(TemporalConnection.using(client, taskQueue));
    this.archive = archive;
    this.clock = Clock.systemUTC();
  }

  /** Starts archiving every {@code interval} on a daemon thread; the first round runs at once. */
  public static ReleaseArchiver start(
      WorkflowClient client, String taskQueue, ReleaseArchive archive, Duration interval) {
    ReleaseArchiver archiver = new ReleaseArchiver(client, taskQueue, archive);
    archiver.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "greenlight-archiver");
              t.setDaemon(true);
              return t;
            });
    archiver.timer.scheduleWithFixedDelay(
        archiver::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info("archiving ended releases to {} every {} ms", archive.describe(), interval.toMillis());
    return archiver;
  }

  /**
   * One round: migrates the archive's schema the first time, then archives every ended release that
   * is not archived yet. Returns how many this round stored.
   *
   * @throws ArchiveException when the archive cannot be used
   */
  public synchronized int archiveEnded() {
    if (!migrated) {
      String version = archive.migrate();
      migrated = true;
      log.info("archive {} at schema version {}", archive.describe(), version);
    }
    Instant now = clock.instant();
    boolean full = lastFullSweep == null || !now.isBefore(lastFullSweep.plus(FULL_SWEEP));
    Map<String, WorkflowExecutionInfo> candidates = new LinkedHashMap<>();
    for (WorkflowExecutionInfo info :
        releases.closedReleases(
            full ? Instant.EPOCH : now.minus(RECENT), now.plus(Duration.ofMinutes(1)))) {
      String id = info.getExecution().getWorkflowId();
      if (!archived.contains(id)) candidates.putIfAbsent(id, info);
    }
    if (full) lastFullSweep = now;
    if (candidates.isEmpty()) return 0;
    archived.addAll(
        archive.archivedAmong(candidates.keySet())); // e.g. by another worker, or before a restart
    int stored = 0;
    for (WorkflowExecutionInfo info : candidates.values()) {
      String id = info.getExecution().getWorkflowId();
      if (archived.contains(id)) continue;
      ArchivedRelease entry;
      try {
        entry = entry(info);
      } catch (RuntimeException e) {
        // one unreadable release must not keep the others out; it is tried again next round
        log.warn("cannot archive {} yet: {}", id, firstLine(e));
        continue;
      }
      if (archive.store(entry)) {
        stored++;
        log.info("archived {} ({}) to {}", id, entry.state(), archive.describe());
      }
      archived.add(id);
    }
    return stored;
  }

  private ArchivedRelease entry(WorkflowExecutionInfo info) {
    String id = info.getExecution().getWorkflowId();
    String runId = info.getExecution().getRunId();
    WorkflowExecutionHistory history = client.fetchHistory(id, runId);
    ReleaseStatus status = ReleaseHistory.of(history).result;
    if (status == null) {
      // ended outside Greenlight (terminated, timed out): what `greenlight status` shows for it
      try {
        status = releases.status(id);
      } catch (RefusedException e) {
        throw new IllegalStateException(
            "Temporal no longer knows " + id + ": " + e.getMessage(), e);
      }
    }
    return ArchivedRelease.of(runId, history, status);
  }

  /**
   * A timer round: never throws (that would end the timer), logs a problem once until it changes.
   */
  private void round() {
    try {
      archiveEnded();
      if (lastProblem != null) log.info("archive {} works again", archive.describe());
      lastProblem = null;
    } catch (RuntimeException e) {
      String problem = firstLine(e);
      if (!problem.equals(lastProblem)) {
        log.warn("archiving is stalled, trying again every round: {}", problem);
        lastProblem = problem;
      }
    } catch (Error e) {
      log.error("archiver stopped: {}", e.toString());
      throw e;
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /** Stops the timer; a round in progress finishes first (bounded). */
  @Override
  public void close() {
    if (timer == null) return;
    timer.shutdown();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) timer.shutdownNow();
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
