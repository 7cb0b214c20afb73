package dev.greenlight.api.spec;

/**
 * One monitor source as the spec sees it: the name written in {@code monitor.source} and the
 * reading of the fields it owns (its section {@code monitor.<name>}, and any other monitor field
 * only it uses). Each lives in its own package ({@code dev.greenlight.api.spec.monitor.<name>}) and
 * is registered in {@code META-INF/services/dev.greenlight.api.spec.MetricSourceType}; {@link
 * MetricSourceTypes} lists them. What measures is registered beside it in the activities module
 * ({@code dev.greenlight.activities.monitor.MetricSource}).
 */
public interface MetricSourceType {

  /** The name in {@code monitor.source}, and the key of its section ({@code monitor.<name>}). */
  String name();

  /**
   * Reads the fields it owns in {@code monitor}, reporting each problem with its field path. Called
   * for every registered source, chosen or not, so a section given for another source is still
   * checked (and a field that only the chosen source may have can be refused). The loader reports
   * the fields no source read.
   *
   * @param monitor the {@code monitor} mapping
   * @param chosen whether {@code monitor.source} names this source
   * @return its settings (a record: it goes into the history as JSON), or null for none
   */
  default MetricSourceSettings read(SpecNode monitor, boolean chosen, Context context) {
    return null;
  }

  /** The record {@link #read} returns: what the history's JSON is read back as. */
  default Class<? extends MetricSourceSettings> settingsClass() {
    return null;
  }

  /**
   * What a source may look at while reading.
   *
   * @param app the spec's app name
   * @param requestsPerSample {@code monitor.requestsPerSample}
   * @param minRequests {@code monitor.minRequests}
   */
  record Context(String app, int requestsPerSample, int minRequests) {}
}
