package dev.greenlight.api.spec.migration;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A possibly schema-qualified name. Its key is the last part as PostgreSQL sees it (unquoted folded
 * to lower case, quoted kept as written), so {@code public.orders}, {@code orders} and {@code
 * "orders"} are one table, and {@code "Orders"} another.
 */
record QName(List<SqlToken> parts) {
  String key() {
    return parts.get(parts.size() - 1).value();
  }

  /** As written. */
  String shown() {
    return parts.stream().map(SqlToken::text).collect(Collectors.joining("."));
  }
}
