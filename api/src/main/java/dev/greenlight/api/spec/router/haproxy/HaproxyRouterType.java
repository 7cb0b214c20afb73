package dev.greenlight.api.spec.router.haproxy;

import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.SpecNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Router type {@code haproxy}: server weights set through the runtime API. */
public final class HaproxyRouterType implements RouterType<HaproxySpec> {
  public static final String NAME = "haproxy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<HaproxySpec> sectionClass() {
    return HaproxySpec.class;
  }

  @Override
  public HaproxySpec read(SpecNode section, Context context) {
    String socket = section.file("socket", true);
    String backend = section.str("backend", null);
    if (backend == null) section.problem("backend", "is required");
    Map<String, String> servers = new LinkedHashMap<>(Map.of("blue", "blue", "green", "green"));
    SpecNode sv = section.obj("servers", false);
    if (sv != null) {
      for (String color : List.of("blue", "green")) {
        servers.put(color, sv.str(color, color));
      }
      sv.finish();
    }
    return new HaproxySpec(socket, backend, servers);
  }
}
