package dev.greenlight.api.spec.router.embedded;

import dev.greenlight.api.spec.RouterSection;

/**
 * Router type {@code embedded}: spec key {@code router.embedded}, Greenlight's own reverse proxy.
 *
 * @param listen host:port the proxy listens on (default: from {@code url})
 * @param stateFile where the live color and weights are kept across restarts
 */
public record EmbeddedSpec(String listen, String stateFile) implements RouterSection {}
