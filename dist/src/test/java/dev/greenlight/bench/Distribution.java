package dev.greenlight.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** A set of measurements and its percentiles (nearest rank), for the benchmark's table. */
final class Distribution {
  private final List<Double> sorted;

  private Distribution(List<Double> sorted) {
    this.sorted = sorted;
  }

  static Distribution of(Collection<? extends Number> values) {
    List<Double> all = new ArrayList<>();
    for (Number v : values) all.add(v.doubleValue());
    all.sort(Double::compare);
    return new Distribution(all);
  }

  int count() {
    return sorted.size();
  }

  /** The {@code q}-th percentile (0..100), nearest rank; NaN when empty. */
  double percentile(double q) {
    if (sorted.isEmpty()) return Double.NaN;
    int rank = (int) Math.ceil(q / 100.0 * sorted.size());
    return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
  }

  double max() {
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
  }

  /** "p50 / p95 / max unit (n=K)" with {@code digits} decimals, or "none" when empty. */
  String summary(String unit, int digits, double... percentiles) {
    if (sorted.isEmpty()) return "none (n=0)";
    StringBuilder s = new StringBuilder();
    for (double p : percentiles) s.append(format(percentile(p), digits)).append(" / ");
    return s.append(format(max(), digits))
        .append(unit.isEmpty() ? "" : " " + unit)
        .append(" (n=")
        .append(count())
        .append(')')
        .toString();
  }

  static String format(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
