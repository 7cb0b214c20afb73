package dev.greenlight.api.spec;

/**
 * One monitor source as the spec sees it: the name written in {@code monitor.source}. Each lives in
 * its own package ({@code dev.greenlight.api.spec.monitor.<name>}) and is registered in {@code
 * META-INF/services/dev.greenlight.api.spec.MetricSourceType}; {@link MetricSourceTypes} lists
 * them. What measures is registered beside it in the activities module ({@code
 * dev.greenlight.activities.monitor.MetricSource}).
 */
public interface MetricSourceType {

  /** The name in {@code monitor.source}. */
  String name();
}
