package dev.greenlight.api.activities;

import dev.greenlight.api.spec.ReleaseSpec;

/**
 * What every activity needs to know about the release it works for.
 *
 * @param releaseId the release id (= workflow id); hooks see it as GREENLIGHT_RELEASE
 * @param version the version being released
 * @param spec the validated spec
 */
public record ReleaseContext(String releaseId, String version, ReleaseSpec spec) {}
