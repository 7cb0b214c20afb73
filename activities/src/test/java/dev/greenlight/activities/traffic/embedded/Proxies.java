package dev.greenlight.activities.traffic.embedded;

import dev.greenlight.activities.traffic.RouterException;
import dev.greenlight.api.spec.router.embedded.EmbeddedSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** A proxy on free loopback ports with a known admin token, and a router that drives it. */
final class Proxies {
  static final String TOKEN = "test-admin-token";

  private Proxies() {}

  static EmbeddedProxy start(URI blue, URI green, Path stateFile) throws IOException {
    return EmbeddedProxy.start("127.0.0.1:0", "127.0.0.1:0", TOKEN, blue, green, stateFile);
  }

  /** The router a worker with the right token would use. */
  static EmbeddedRouter router(EmbeddedProxy proxy) throws RouterException {
    return router(proxy.url(), "127.0.0.1:" + proxy.adminAddress().getPort());
  }

  static EmbeddedRouter router(String url, String admin) throws RouterException {
    return new EmbeddedRouter(new EmbeddedSpec(null, null, admin, null), url, name -> TOKEN);
  }
}
