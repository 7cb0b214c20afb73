package dev.greenlight.activities.process;

import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The placeholders a hook of a release sees: {@code ${VERSION}}, {@code ${APP}}, {@code
 * ${RELEASE}}, and {@code ${COLOR}} when the hook acts on one color. {@link HookRunner} exports
 * each as {@code GREENLIGHT_<NAME>} and applies the safe-placeholder rules; this class is the one
 * place that decides which names exist and where their values come from, for every hook runner
 * (deploy, the command router, nginx's test and reload commands).
 */
public final class HookVariables {
  public static final String VERSION = "VERSION";
  public static final String COLOR = "COLOR";
  public static final String APP = "APP";
  public static final String RELEASE = "RELEASE";

  /** Every placeholder name a hook may use. */
  public static final List<String> NAMES = List.of(VERSION, COLOR, APP, RELEASE);

  private final Map<String, String> values;

  private HookVariables(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** VERSION, APP and RELEASE of the release {@code ctx} works for (no COLOR yet). */
  public static HookVariables of(ReleaseContext ctx) {
    return of(ctx.version(), ctx.spec().app(), ctx.releaseId());
  }

  /** VERSION, APP and RELEASE (no COLOR yet). */
  public static HookVariables of(String version, String app, String releaseId) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(VERSION, version);
    values.put(APP, app);
    values.put(RELEASE, releaseId);
    return new HookVariables(values);
  }

  /** The same, with COLOR set to {@code color}: the color the hook deploys or routes to. */
  public HookVariables withColor(Color color) {
    Map<String, String> values = new LinkedHashMap<>(this.values);
    values.put(COLOR, color.label());
    return new HookVariables(values);
  }

  /** Placeholder values by name, as {@link HookRunner#run} takes them. */
  public Map<String, String> asMap() {
    return values;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
