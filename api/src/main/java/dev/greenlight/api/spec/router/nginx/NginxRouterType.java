package dev.greenlight.api.spec.router.nginx;

import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.RouterType;
import dev.greenlight.api.spec.SpecNode;
import java.util.List;

/** Router type {@code nginx}: an upstream file rewritten, tested and reloaded. */
public final class NginxRouterType implements RouterType<NginxSpec> {
  public static final String NAME = "nginx";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<NginxSpec> sectionClass() {
    return NginxSpec.class;
  }

  @Override
  public NginxSpec read(SpecNode section, Context context) {
    String dir = context.baseDir().toString();
    String file = section.file("upstreamFile", true);
    String upstream = section.str("upstream", context.app());
    Hook test = section.hook("test", false, context.baseDir());
    Hook reload = section.hook("reload", false, context.baseDir());
    return new NginxSpec(
        file,
        upstream,
        test != null ? test : new Hook(List.of("nginx", "-t"), null, dir),
        reload != null ? reload : new Hook(List.of("nginx", "-s", "reload"), null, dir));
  }
}
