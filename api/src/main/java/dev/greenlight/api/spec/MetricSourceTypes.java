package dev.greenlight.api.spec;

import java.util.List;

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
}
