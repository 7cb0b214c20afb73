package dev.greenlight.api;

import dev.greenlight.api.spec.ReleaseSpec;

/**
 * The input of one release.
 *
 * @param releaseId {@code <app>-<version>-<short random>}; also the workflow id
 * @param version the version to release
 * @param initiator who started it (never counts as an approver)
 * @param spec the validated spec (no secrets: only the name of the password env var)
 * @param searchAttributes true when the namespace has the Keyword search attributes GreenlightApp,
 *     GreenlightVersion and GreenlightStage (the starter checks): only then does the workflow
 *     upsert them, so a server without them never wedges a release
 */
public record ReleaseRequest(
    String releaseId,
    String version,
    String initiator,
    ReleaseSpec spec,
    boolean searchAttributes) {

  /** A release on a namespace without Greenlight's search attributes. */
  public ReleaseRequest(String releaseId, String version, String initiator, ReleaseSpec spec) {
    this(releaseId, version, initiator, spec, false);
  }
}
