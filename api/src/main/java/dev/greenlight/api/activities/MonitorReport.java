package dev.greenlight.api.activities;

import java.util.List;

/**
 * A stretch of monitoring.
 *
 * @param samples the samples taken, in order
 * @param breached true when a sample crossed a rollback threshold (the stretch ended early)
 * @param reason why it breached, or null
 */
public record MonitorReport(List<MonitorSample> samples, boolean breached, String reason) {}
