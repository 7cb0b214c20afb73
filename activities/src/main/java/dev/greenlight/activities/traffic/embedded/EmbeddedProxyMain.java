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
 * java -cp greenlight.jar dev.greenlight.activities.traffic.embedded.EmbeddedProxyMain \
 *     --listen 127.0.0.1:8080 --blue http://127.0.0.1:8081 --green http://127.0.0.1:8082 \
 *     --state-file /var/lib/greenlight/shop-router.json
 * </pre>
 *
 * Exit code 2 for bad arguments, 1 when it cannot start.
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
    EmbeddedProxy proxy;
    try {
      proxy =
          EmbeddedProxy.start(
              opts.get("listen"),
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
            + proxy.url()
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
    return "usage: EmbeddedProxyMain --listen HOST:PORT --blue URL --green URL [--state-file FILE]";
  }
}
