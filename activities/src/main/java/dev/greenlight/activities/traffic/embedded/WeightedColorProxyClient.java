package dev.greenlight.activities.traffic.embedded;

import dev.greenlight.api.model.Color;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.AttachmentKey;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * An Undertow {@link ProxyClient} that sends each request to blue or green by weight. Each color
 * has its own {@link LoadBalancingProxyClient} (one host, its own pooled keep-alive connections),
 * so a weight change only decides where the <em>next</em> request goes: requests in flight keep
 * their backend connection, and no connection is closed by a switch.
 */
final class WeightedColorProxyClient implements ProxyClient {
  /** The color a request was sent to (for the response header). */
  static final AttachmentKey<Color> CHOSEN = AttachmentKey.create(Color.class);

  // Below the idle timeout of common backends (Node 5s), so a pooled connection is rarely stale.
  private static final int CONNECTION_TTL_MS = 4000;

  private final Map<Color, LoadBalancingProxyClient> backends = new EnumMap<>(Color.class);
  private volatile Split split;

  WeightedColorProxyClient(URI blue, URI green, Weights initial) {
    backends.put(Color.BLUE, backend(blue));
    backends.put(Color.GREEN, backend(green));
    this.split = new Split(initial);
  }

  private static LoadBalancingProxyClient backend(URI uri) {
    return new LoadBalancingProxyClient()
        .addHost(null, uri, null, null, OptionMap.create(Options.TCP_NODELAY, true))
        .setConnectionsPerThread(32)
        .setMaxQueueSize(1024) // queue rather than answer 503 when all pooled connections are busy
        .setTtl(CONNECTION_TTL_MS)
        .setProblemServerRetry(2);
  }

  /** Takes effect for the next request; requests already sent are not touched. */
  void setWeights(Weights weights) {
    this.split = new Split(weights);
  }

  Weights weights() {
    return split.weights;
  }

  @Override
  public ProxyTarget findTarget(HttpServerExchange exchange) {
    Color color = split.next();
    ProxyTarget inner = backends.get(color).findTarget(exchange);
    if (inner == null) return null;
    exchange.putAttachment(CHOSEN, color);
    return new ColorTarget(color, inner);
  }

  @Override
  public void getConnection(
      ProxyTarget target,
      HttpServerExchange exchange,
      ProxyCallback<ProxyConnection> callback,
      long timeout,
      TimeUnit timeUnit) {
    ColorTarget t = (ColorTarget) target;
    backends.get(t.color()).getConnection(t.inner(), exchange, callback, timeout, timeUnit);
  }

  void closeConnections() {
    backends.values().forEach(LoadBalancingProxyClient::closeCurrentConnections);
  }

  private record ColorTarget(Color color, ProxyTarget inner) implements ProxyTarget {}

  /**
   * Deterministic weighted choice: request n goes to green when floor((n+1)·g/t) passes
   * floor(n·g/t), which spreads green's share evenly instead of in bursts.
   */
  private static final class Split {
    final Weights weights;
    private final AtomicLong counter = new AtomicLong();

    Split(Weights weights) {
      this.weights = weights;
    }

    Color next() {
      long total = weights.blue() + weights.green();
      long n =
          Math.floorMod(
              counter.getAndIncrement(), total); // the pattern repeats every total requests
      long g = weights.green();
      return (n + 1) * g / total > n * g / total ? Color.GREEN : Color.BLUE;
    }
  }
}
