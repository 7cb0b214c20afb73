package dev.greenlight.api.spec.router.embedded;

import dev.greenlight.api.spec.RouterSection;

/**
 * Router type {@code embedded}: spec key {@code router.embedded}, Greenlight's own reverse proxy.
 *
 * @param listen host:port the proxy listens on (default: from {@code url})
 * @param stateFile where the live color and weights are kept across restarts
 * @param admin host:port of the proxy's admin listener (default: 127.0.0.1, the listen port plus
 *     10000)
 * @param tokenEnv the worker's env var holding the admin token (default GREENLIGHT_ROUTER_TOKEN)
 */
public record EmbeddedSpec(String listen, String stateFile, String admin, String tokenEnv)
    implements RouterSection {

  /** A section with the default admin address and token variable. */
  public EmbeddedSpec(String listen, String stateFile) {
    this(listen, stateFile, null, null);
  }
}
