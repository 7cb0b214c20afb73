package dev.greenlight.api.spec.router.command;

import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.RouterSection;

/**
 * Router type {@code command}: spec key {@code router.command}.
 *
 * @param switchTo run to send all traffic to {@code ${COLOR}} (spec key {@code switch})
 * @param active prints one line, blue or green: the live color
 */
public record CommandRouterSpec(Hook switchTo, Hook active) implements RouterSection {}
