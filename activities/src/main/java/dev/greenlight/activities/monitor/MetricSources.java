package dev.greenlight.activities.monitor;

import dev.greenlight.api.spec.Registered;
import io.temporal.failure.ApplicationFailure;
import java.util.Collection;
import java.util.List;

/**
 * The {@link MetricSource}s this worker has, by {@code monitor.source}: those registered in {@code
 * META-INF/services}. Adding a source is its folder plus one line there.
 */
public final class MetricSources {
  private final Registered<MetricSource> registered;

  private MetricSources(Registered<MetricSource> registered) {
    this.registered = registered;
  }

  /** Every source registered in {@code META-INF/services}. */
  public static MetricSources registered() {
    return new MetricSources(
        Registered.load(MetricSource.class, s -> s.type().name(), "monitor source"));
  }

  /** Just these sources (tests). */
  public static MetricSources of(Collection<? extends MetricSource> sources) {
    return new MetricSources(Registered.of(sources, s -> s.type().name(), "monitor source"));
  }

  /** The sources' names, sorted. */
  public List<String> names() {
    return registered.names();
  }

  /**
   * The source named {@code name}.
   *
   * @throws ApplicationFailure non-retryable, type UnsupportedSource, when this worker has none by
   *     that name (a spec validated by a newer CLI)
   */
  public MetricSource named(String name) {
    return registered
        .find(name)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "monitor.source '"
                        + name
                        + "' is not supported by this worker (it has: "
                        + String.join(", ", names())
                        + "); upgrade the worker or use a supported source",
                    "UnsupportedSource"));
  }
}
