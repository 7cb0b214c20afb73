package dev.greenlight.api.spec;

import java.time.Duration;

/**
 * One color's environment.
 *
 * @param url this environment, directly (health and smoke checks go here)
 * @param deploy the hook that deploys a version to this color
 * @param deployTimeout how long the hook may run (spec: {@code deployTimeout}, default 10m)
 */
public record Environment(String url, Hook deploy, Duration deployTimeout) {}
