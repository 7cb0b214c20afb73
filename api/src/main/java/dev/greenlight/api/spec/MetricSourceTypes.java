package dev.greenlight.api.spec;

import java.util.List;
import java.util.Optional;

/**
 * The monitor sources this build can use: every {@link MetricSourceType} registered in {@code
 * META-INF/services/dev.greenlight.api.spec.MetricSourceType}. The validator accepts only these.
 */
public final class MetricSourceTypes {
  private static final Registered<MetricSourceType> REGISTERED =
      Registered.load(MetricSourceType.class, MetricSourceType::name, "monitor source");

  /** Every supported source, sorted. */
  public static final List<String> SUPPORTED = REGISTERED.names();

  private MetricSourceTypes() {}

  /** Every registered source, in name order. */
  public static List<MetricSourceType> all() {
    return SUPPORTED.stream().map(n -> REGISTERED.find(n).orElseThrow()).toList();
  }

  /** The source named {@code name}, if registered. */
  public static Optional<MetricSourceType> find(String name) {
    return REGISTERED.find(name);
  }
}
