package dev.greenlight.api.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;

/**
 * The load balancer in front of both colors.
 *
 * <p>As JSON (workflow input and activity inputs in history) the section sits under its type's
 * name, as in the spec: {@code {"type": "haproxy", "url": ..., "haproxy": {...}, "steps": ...}};
 * see {@link RouterSpecJson}.
 *
 * @param type the router type: one of {@link RouterTypes#SUPPORTED}
 * @param url the public entry point; switches are proven and the monitor probes through it
 * @param section the type's own settings ({@code router.<type>}), or null when the type's section
 *     is optional and not given
 * @param steps traffic share (percent) to the new color, in order; the last is 100
 * @param stepHold monitored hold at each step before the last
 * @param verifyResponses consecutive responses through {@code url} that must come from the new
 *     color after a switch (default 20)
 * @param verifyTimeout how long those may take (default 30s)
 * @param verify how a response names the color that sent it, or null to use {@code
 *     health.versionField} on {@code health.path}
 */
@JsonSerialize(using = RouterSpecJson.Writer.class)
@JsonDeserialize(using = RouterSpecJson.Reader.class)
public record RouterSpec(
    String type,
    String url,
    RouterSection section,
    List<Integer> steps,
    Duration stepHold,
    int verifyResponses,
    Duration verifyTimeout,
    VerifySpec verify) {

  /**
   * The section as the type's record.
   *
   * @return the section, or null when none was given
   * @throws IllegalStateException when the section is of another type
   */
  public <S extends RouterSection> S section(Class<S> sectionClass) {
    if (section == null) return null;
    if (!sectionClass.isInstance(section)) {
      throw new IllegalStateException(
          "router."
              + type
              + " holds a "
              + section.getClass().getSimpleName()
              + ", not a "
              + sectionClass.getSimpleName());
    }
    return sectionClass.cast(section);
  }

  /**
   * Spec key {@code router.verify}: what tells the colors apart in a response, when the health
   * answer's {@code versionField} cannot (e.g. a release of the version already live). Exactly one
   * of {@code field} and {@code header} is set.
   *
   * @param path what is requested, from each color directly and through {@code router.url}
   *     (default: {@code health.path})
   * @param field JSON field of the answer whose value differs between the colors, or null
   * @param header response header whose value differs between the colors (e.g. X-Color), or null
   */
  public record VerifySpec(String path, String field, String header) {}
}
