package dev.greenlight.workflows;

import dev.greenlight.workflows.spec.ReleaseSpec;

/**
 * The input of one release.
 *
 * @param releaseId {@code <app>-<version>-<short random>}; also the workflow id
 * @param version the version to release
 * @param initiator who started it (never counts as an approver)
 * @param spec the validated spec (no secrets: only the name of the password env var)
 */
public record ReleaseRequest(String releaseId, String version, String initiator, ReleaseSpec spec) {}
