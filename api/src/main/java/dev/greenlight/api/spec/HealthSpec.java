package dev.greenlight.api.spec;

import java.time.Duration;

/**
 * How to tell that a fresh deploy is up.
 *
 * @param path health endpoint, relative to the environment URL (default /health)
 * @param timeout how long to wait for 200 (default 2m)
 * @param versionField JSON field of the health body that must equal the version; it also tells the
 *     colors apart when a switch is verified, so it is required unless {@code router.verify} is set
 * @param interval pause between polls (default 1s)
 */
public record HealthSpec(String path, Duration timeout, String versionField, Duration interval) {}
