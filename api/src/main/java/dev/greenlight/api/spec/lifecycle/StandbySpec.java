package dev.greenlight.api.spec.lifecycle;

import java.time.Duration;

/**
 * Keeping the standby color in sync with the live one.
 *
 * @param syncAfter how long a release must be live and unchallenged (no undo, no new release)
 *     before the same version is deployed to the standby color (deploy, health, smoke; traffic is
 *     never touched)
 */
public record StandbySpec(Duration syncAfter) {}
