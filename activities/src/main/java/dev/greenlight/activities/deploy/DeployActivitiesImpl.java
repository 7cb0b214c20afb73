package dev.greenlight.activities.deploy;

import dev.greenlight.activities.RunsHooks;
import dev.greenlight.activities.http.HttpAnswer;
import dev.greenlight.activities.http.JsonField;
import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.activities.process.HookRunner;
import dev.greenlight.activities.process.HookVariables;
import dev.greenlight.activities.process.OutputTail;
import dev.greenlight.activities.process.SecretMask;
import dev.greenlight.api.activities.DeployActivities;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.Durations;
import dev.greenlight.api.spec.Environment;
import dev.greenlight.api.spec.HealthSpec;
import dev.greenlight.api.spec.Hook;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a color's deploy hook as a real process, heartbeating while it runs, and never a second time
 * for the same release and color once it may have taken effect.
 *
 * <p>Exactly-once rule. Before the hook starts, the attempt records a {@link HookMarker} as its
 * heartbeat (the first heartbeat is sent at once), and every heartbeat while the hook runs repeats
 * it, so Temporal hands it to the next attempt. A hook outlives a worker that is killed, so a retry
 * that finds the marker of an earlier attempt for this release and color does not run the hook
 * blindly:
 *
 * <ul>
 *   <li>with {@code health.versionField} set, it polls the color's health endpoint for up to {@code
 *       deployTimeout}; once the color reports the release version the step succeeds with "already
 *       deployed by attempt N", without running the hook. If the version never shows, the deploy
 *       fails (non-retryable): the earlier hook may have half-finished, and running it again is for
 *       the operator to decide.
 *   <li>without a {@code versionField} the effect cannot be seen, so the hook runs again (hooks of
 *       such specs must be safe to repeat); the step detail says so.
 *   <li>a marker saying the earlier attempt stopped its hook itself (worker shutdown) means there
 *       is no effect to wait for: the hook runs again.
 * </ul>
 *
 * A worker stopped gracefully lets a running hook finish within its drain period (heartbeats go on
 * meanwhile); when the period ends first, {@link #stopHooks()} kills the hook, records the marker
 * as stopped and fails the attempt as retryable, so the retry runs the hook again.
 *
 * <p>The hook's output goes to a file while it runs (its tail is read when it ends), so a hook
 * whose worker dies keeps going instead of dying of SIGPIPE at its next line of output.
 */
public class DeployActivitiesImpl implements DeployActivities, RunsHooks {
  private static final Logger log = LoggerFactory.getLogger(DeployActivitiesImpl.class);

  /** No single poll of the color's health endpoint waits longer than this. */
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(2);

  /** Becomes "$@" with stdout and stderr in the file $1. */
  private static final String OUTPUT_TO_FILE = "out=$1; shift; exec \"$@\" > \"$out\" 2>&1";

  private final OkHttpClient http = SharedHttpClient.withCallTimeout(POLL_TIMEOUT);
  private final Map<String, String> environment;

  /**
   * Set when the worker's drain period is over: running hooks are stopped, and recorded as stopped.
   */
  private volatile boolean stopping;

  /** Hooks run with the worker's own environment. */
  public DeployActivitiesImpl() {
    this(System.getenv());
  }

  /** Hooks run with {@code environment} (a test gives its own variables). */
  public DeployActivitiesImpl(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * What a deploy attempt records as its heartbeat, for the attempt after it.
   *
   * @param release the release id
   * @param color the color the hook deploys to
   * @param version the version it deploys
   * @param attempt the activity attempt that started the hook
   * @param hookStopped true once that attempt stopped the hook itself (it then had no effect to
   *     wait for)
   */
  public record HookMarker(
      String release, String color, String version, int attempt, boolean hookStopped) {

    /** The marker an attempt records before it starts the hook. */
    public static HookMarker started(ReleaseContext ctx, Color color, int attempt) {
      return new HookMarker(ctx.releaseId(), color.label(), ctx.version(), attempt, false);
    }

    HookMarker stopped() {
      return new HookMarker(release, color, version, attempt, true);
    }

    boolean isFor(ReleaseContext ctx, Color c) {
      return ctx.releaseId().equals(release)
          && c.label().equals(color)
          && ctx.version().equals(version);
    }
  }

  @Override
  public void stopHooks() {
    stopping = true;
  }

  @Override
  public String deploy(ReleaseContext ctx, Color color) {
    if (stopping) throw stoppedFailure(color);
    ActivityExecutionContext activity = Activity.getExecutionContext();
    int attempt = activity.getInfo().getAttempt();
    Optional<HookMarker> earlier =
        earlierMarker(activity).filter(m -> m.isFor(ctx, color) && !m.hookStopped());
    String rerunNote = "";
    if (earlier.isPresent()) {
      if (ctx.spec().health().versionField() != null) {
        return awaitEarlierHook(ctx, color, earlier.get(), activity);
      }
      rerunNote =
          " (run again by attempt "
              + attempt
              + ": the worker of attempt "
              + earlier.get().attempt()
              + " was lost while its hook ran, and without health.versionField its effect cannot be"
              + " checked)";
      log.warn(
          "deploy of {} to {} for {}: hook run again{}",
          ctx.version(),
          color,
          ctx.releaseId(),
          rerunNote);
    }
    HookMarker marker = HookMarker.started(ctx, color, attempt);
    activity.heartbeat(marker); // before the hook starts: a retry after a lost worker must find it
    return runHook(ctx, color, marker, activity) + rerunNote;
  }

  private String runHook(
      ReleaseContext ctx, Color color, HookMarker marker, ActivityExecutionContext activity) {
    Environment env = ctx.spec().environment(color);
    HookRunner.Result result;
    String output;
    Path outputFile = null;
    try {
      outputFile = Files.createTempFile("greenlight-deploy-", ".log");
      // a heartbeat that finds the activity cancelled throws, as does a stop at the end of the
      // worker's drain period: HookRunner kills the hook and rethrows
      result =
          HookRunner.run(
              outlivingTheWorker(env.deploy(), outputFile),
              HookVariables.of(ctx).withColor(color).asMap(),
              environment,
              SecretMask.namedBy(ctx.spec()),
              env.deployTimeout(),
              () -> beat(activity, marker));
      output = tailOf(outputFile, SecretMask.of(environment, SecretMask.namedBy(ctx.spec())));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deploy hook for "
              + color
              + " could not run ("
              + env.deploy().display()
              + "): "
              + e.getMessage(),
          "DeployFailed");
    } catch (HookStopped e) {
      recordStopped(activity, marker); // HookRunner killed the hook: the retry runs it again
      log.warn(
          "deploy of {} to {} for {}: hook stopped, the worker is shutting down",
          ctx.version(),
          color,
          ctx.releaseId());
      throw stoppedFailure(color);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      recordStopped(activity, marker); // HookRunner killed the hook: the retry may run it again
      throw ApplicationFailure.newFailure(
          "deploy of " + color + " interrupted (worker shutting down)", "DeployInterrupted");
    } finally {
      deleteQuietly(outputFile);
    }
    String took = seconds(result.millis());
    if (result.timedOut()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deploy hook for "
              + color
              + " did not finish within deployTimeout "
              + Durations.format(env.deployTimeout())
              + " and was killed ("
              + env.deploy().display()
              + ")"
              + tail(output),
          "DeployFailed");
    }
    if (!result.ok()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deploy hook for "
              + color
              + " exited "
              + result.exitCode()
              + " after "
              + took
              + " ("
              + env.deploy().display()
              + ")"
              + tail(output),
          "DeployFailed");
    }
    String last = lastLine(output);
    return "exit 0 in " + took + (last.isEmpty() ? "" : ": " + last);
  }

  /**
   * An earlier attempt's hook may still be running, or may have finished just before its worker
   * died: wait for the color to report the release version instead of running the hook again.
   */
  private String awaitEarlierHook(
      ReleaseContext ctx, Color color, HookMarker earlier, ActivityExecutionContext activity) {
    Environment env = ctx.spec().environment(color);
    HealthSpec health = ctx.spec().health();
    String url = env.url() + health.path();
    log.info(
        "deploy of {} to {} for {}: attempt {} started the hook and its worker was lost; waiting"
            + " for {} to report {}",
        ctx.version(),
        color,
        ctx.releaseId(),
        earlier.attempt(),
        url,
        ctx.version());
    long start = System.nanoTime();
    long deadline = start + env.deployTimeout().toNanos();
    String lastSeen;
    while (true) {
      HttpAnswer answer = HttpAnswer.get(http, url);
      String reported =
          answer.status() == 200 ? JsonField.read(answer.body(), health.versionField()) : null;
      if (ctx.version().equals(reported)) {
        return "already deployed by attempt "
            + earlier.attempt()
            + " (its worker was lost while the hook ran): "
            + color
            + " reports "
            + health.versionField()
            + " "
            + reported
            + " after "
            + since(start)
            + "; the hook was not run again";
      }
      lastSeen =
          answer.status() == 200
              ? health.versionField() + " " + (reported == null ? "missing" : "'" + reported + "'")
              : answer.summary();
      if (stopping) throw stoppedFailure(color); // the marker stays: the next attempt waits in turn
      beat(activity, earlier); // keep the marker for a further retry
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      sleep(Math.min(left, health.interval().toNanos()));
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "deploy of "
            + ctx.version()
            + " to "
            + color
            + " was cut short: the worker running attempt "
            + earlier.attempt()
            + " was lost while the deploy hook ran, and "
            + color
            + " did not report "
            + health.versionField()
            + " '"
            + ctx.version()
            + "' at "
            + url
            + " within deployTimeout "
            + Durations.format(env.deployTimeout())
            + " (last answer: "
            + lastSeen
            + "). The hook was not run a second time because it may have half-finished:"
            + " check "
            + color
            + ", then start a new release",
        "DeployFailed");
  }

  /**
   * The hook as the worker runs it: its output goes to a file, not to a pipe into this JVM, so a
   * hook whose worker is killed does not die of SIGPIPE at its next line but finishes its work
   * (which a retry then finds).
   */
  static Hook outlivingTheWorker(Hook hook, Path output) {
    List<String> argv =
        new ArrayList<>(
            List.of("sh", "-c", OUTPUT_TO_FILE, "greenlight-deploy", output.toString()));
    if (hook.shell() != null) {
      // the hook's own placeholders become variable references, as HookRunner does for string hooks
      argv.addAll(List.of("sh", "-c", HookRunner.forShell(hook.shell(), HookVariables.NAMES)));
    } else {
      argv.addAll(hook.argv());
    }
    return new Hook(argv, null, hook.workDir());
  }

  /**
   * The marker an earlier attempt recorded; anything else (e.g. an older worker's detail) counts as
   * none.
   */
  private static Optional<HookMarker> earlierMarker(ActivityExecutionContext activity) {
    try {
      return activity.getHeartbeatDetails(HookMarker.class);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The end of the hook's output as it may be recorded: bounded, and masked (whatever the hook
   * printed becomes the step detail or the failure message, so the history and the reports).
   */
  private static String tailOf(Path file, SecretMask mask) throws IOException {
    OutputTail tail = new OutputTail();
    try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
      tail.read(r); // bytes that are not UTF-8 become U+FFFD
    }
    return tail.text(mask).strip();
  }

  private static void deleteQuietly(Path file) {
    if (file == null) return;
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("cannot remove {}: {}", file, e.toString());
    }
  }

  /** Thrown by the heartbeat once {@link #stopHooks()} was called: HookRunner kills the hook. */
  private static final class HookStopped extends RuntimeException {
    HookStopped() {
      super("worker stopping", null, false, false);
    }
  }

  /**
   * Heartbeats {@code marker}. A worker shutting down without letting activities heartbeat (an
   * immediate stop) refuses it: the hook goes on then, as after a crash, and the marker already
   * sent makes the retry wait for its effect.
   */
  private void beat(ActivityExecutionContext activity, HookMarker marker) {
    if (stopping) throw new HookStopped();
    try {
      activity.heartbeat(marker);
    } catch (ActivityWorkerShutdownException e) {
      // see above: do not kill the hook for this
    }
  }

  private static ApplicationFailure stoppedFailure(Color color) {
    return ApplicationFailure.newFailure(
        "deploy hook for "
            + color
            + " stopped: the worker shut down before it finished"
            + " (its drain timeout passed); the next attempt runs the hook again",
        "DeployInterrupted");
  }

  private static void recordStopped(ActivityExecutionContext activity, HookMarker marker) {
    try {
      activity.heartbeat(marker.stopped());
    } catch (RuntimeException e) {
      // the worker is going away; without the mark a retry waits for the effect, which is safe
    }
  }

  private static String tail(String tail) {
    return tail.isBlank() ? "; it printed nothing" : "; last output:\n" + tail;
  }

  private static String lastLine(String tail) {
    String[] lines = tail.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  private static String since(long startNanos) {
    return seconds((System.nanoTime() - startNanos) / 1_000_000);
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(
          "deploy interrupted (worker shutting down)", "DeployInterrupted");
    }
  }
}
