package dev.greenlight.api.spec.monitor.probe;

import dev.greenlight.api.spec.MetricSourceType;

/**
 * Monitor source {@code probe} (the default): bursts of requests through {@code router.url +
 * monitor.path}, with {@code monitor.requestsPerSample}, {@code monitor.errorRate} and {@code
 * monitor.p95}.
 */
public final class ProbeSourceType implements MetricSourceType {
  public static final String NAME = "probe";

  @Override
  public String name() {
    return NAME;
  }
}
