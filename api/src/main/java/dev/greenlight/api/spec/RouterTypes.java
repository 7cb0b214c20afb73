package dev.greenlight.api.spec;

import java.util.List;

/** The router types this build can drive. The validator accepts only these. */
public final class RouterTypes {
  public static final String COMMAND = "command";
  public static final String EMBEDDED = "embedded";
  public static final String HAPROXY = "haproxy";
  public static final String NGINX = "nginx";

  /** Every supported type, sorted. */
  public static final List<String> SUPPORTED = List.of(COMMAND, EMBEDDED, HAPROXY, NGINX);

  private RouterTypes() {}
}
