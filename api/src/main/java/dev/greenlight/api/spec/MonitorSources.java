package dev.greenlight.api.spec;

/** Reads the monitor fields each registered {@link MetricSourceType} owns. */
final class MonitorSources {
  private MonitorSources() {}

  /**
   * Lets every registered source read what it owns in {@code monitor} (so a mistake in any section
   * given is reported), and returns the chosen source's settings.
   */
  static MetricSourceSettings read(
      SpecNode monitor, String chosen, MetricSourceType.Context context) {
    MetricSourceSettings settings = null;
    for (MetricSourceType type : MetricSourceTypes.all()) {
      boolean isChosen = type.name().equals(chosen);
      MetricSourceSettings read = type.read(monitor, isChosen, context);
      if (isChosen) settings = read;
    }
    return settings;
  }
}
