package dev.greenlight.activities.monitor.scripted;

import dev.greenlight.api.spec.MetricSourceType;

/** {@code monitor.source: scripted}, as the spec loader knows it (test only). */
public final class ScriptedSourceType implements MetricSourceType {
  @Override
  public String name() {
    return "scripted";
  }
}
