package dev.greenlight.activities.traffic.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedProxy} as its own process until SIGTERM/SIGINT:
 *
 * <pre>
 * GREENLIGHT_ROUTER_TOKEN=... java -cp greenlight.jar \
 *     dev.greenlight.activities.traffic.embedded.EmbeddedProxyMain \
 *     --listen 0.0.0.0:8080 --blue http://127.0.0.1:8081 --green http://127.0.0.1:8082 \
 *     --state-file /var/lib/greenlight/shop-router.json [--admin 127.0.0.1:18080]
 * </pre>
 *
 * The admin listener (weights) is separate from the public one: by default on 127.0.0.1, at the
 * public port plus 10000; every admin request needs the token from the env var named by {@code
 * --token-env} (default {@value EmbeddedProxy#TOKEN_ENV}). Exit code 2 for bad arguments or a
 * missing token, 1 when it cannot start.
 */
public final class EmbeddedProxyMain {
  private EmbeddedProxyMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println(usage());
        return;
      }
      if (!a.startsWith("--") || i + 1 >= args.length) {
        System.err.println("unexpected argument: " + a + "\n" + usage());
        System.exit(2);
      }
      opts.put(a.substring(2), args[++i]);
    }
    for (String required : new String[] {"listen", "blue", "green"}) {
      if (!opts.containsKey(required)) {
        System.err.println("--" + required + " is required\n" + usage());
        System.exit(2);
      }
    }
    String tokenEnv = opts.getOrDefault("token-env", EmbeddedProxy.TOKEN_ENV);
    String token = System.getenv(tokenEnv);
    if (token == null || token.isBlank()) {
      System.err.println(
          "the env var "
              + tokenEnv
              + " is not set: it holds the admin token (the worker needs the same value)");
      System.exit(2);
      return;
    }
    EmbeddedProxy proxy;
    try {
      proxy =
          EmbeddedProxy.start(
              opts.get("listen"),
              opts.get("admin"),
              token,
              URI.create(opts.get("blue")),
              URI.create(opts.get("green")),
              opts.containsKey("state-file") ? Path.of(opts.get("state-file")) : null);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println("cannot start the embedded proxy: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println(
        "embedded proxy listening on "
            + proxy.url()
            + ": "
            + proxy.weights().describe()
            + "; admin endpoint "
            + proxy.adminUrl()
            + EmbeddedProxy.ADMIN_PATH);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  proxy.stop();
                  stopped.countDown();
                },
                "embedded-proxy-stop"));
    stopped.await();
  }

  private static String usage() {
    return "usage: EmbeddedProxyMain --listen HOST:PORT --blue URL --green URL"
        + " [--state-file FILE] [--admin HOST:PORT] [--token-env NAME]\n"
        + "the admin token is read from the env var "
        + EmbeddedProxy.TOKEN_ENV
        + " (or the one --token-env names)";
  }
}
