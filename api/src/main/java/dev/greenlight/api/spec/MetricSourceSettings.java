package dev.greenlight.api.spec;

/**
 * The settings one monitor source reads from the spec (e.g. {@code monitor.prometheus} and {@code
 * monitor.checks}), as its {@link MetricSourceType} reads them. A record: {@link MonitorSpec}
 * carries it as JSON, and {@link MonitorSpec#settings(Class)} reads it back.
 */
public interface MetricSourceSettings {}
