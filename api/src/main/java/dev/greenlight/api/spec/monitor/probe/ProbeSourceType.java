package dev.greenlight.api.spec.monitor.probe;

import dev.greenlight.api.spec.MetricSourceSettings;
import dev.greenlight.api.spec.MetricSourceType;
import dev.greenlight.api.spec.SpecNode;

/**
 * Monitor source {@code probe} (the default): bursts of requests through {@code router.url +
 * monitor.path}, with {@code monitor.requestsPerSample}, {@code monitor.errorRate} and {@code
 * monitor.p95}. It has no section of its own.
 */
public final class ProbeSourceType implements MetricSourceType {
  public static final String NAME = "probe";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MetricSourceSettings read(SpecNode monitor, boolean chosen, Context context) {
    if (chosen && context.minRequests() > context.requestsPerSample()) {
      // every sample would be INCONCLUSIVE
      monitor.problem(
          "minRequests",
          context.minRequests()
              + " is more than the probe sends per sample (requestsPerSample "
              + context.requestsPerSample()
              + ")");
    }
    return null;
  }
}
