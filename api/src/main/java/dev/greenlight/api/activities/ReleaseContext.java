package dev.greenlight.api.activities;

import dev.greenlight.api.spec.ReleaseSpec;

/**
 * What every activity needs to know about the release it works for.
 *
 * @param releaseId the release id (= workflow id); hooks see it as GREENLIGHT_RELEASE
 * @param version the version being released
 * @param spec the validated spec, cut down to the sections this activity reads: the engine sends
 *     each activity only those (its {@code ActivityInputs} lists them), the rest is null. An
 *     activity that reads a new spec field adds it there.
 */
public record ReleaseContext(String releaseId, String version, ReleaseSpec spec) {}
