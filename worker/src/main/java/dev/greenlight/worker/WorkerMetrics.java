package dev.greenlight.worker;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * {@code greenlight worker --metrics-port P}: {@code /metrics} in Prometheus' text format. It
 * carries the Temporal SDK's own metrics (workflow and activity task latencies, slots, polls,
 * requests) and the releases' ({@code greenlight_*}), which the workflow records through the SDK's
 * replay-safe metrics scope ({@code ReleaseMetrics}).
 */
public final class WorkerMetrics implements AutoCloseable {
  /** How often the SDK's scope hands what it counted to the registry. */
  static final Duration REPORT_EVERY = Duration.ofSeconds(1);

  /** Bytes of the answer written at once. */
  static final int WRITE_SLICE = 64 * 1024;

  private final PrometheusMeterRegistry registry;
  private final Scope scope;
  private final HttpServer server;

  private WorkerMetrics(PrometheusMeterRegistry registry, Scope scope, HttpServer server) {
    this.registry = registry;
    this.scope = scope;
    this.server = server;
  }

  /**
   * Serves {@code /metrics} on {@code bind:port} (port 0: any free port).
   *
   * @throws IOException when the address cannot be bound (in use, not local)
   */
  public static WorkerMetrics serve(String bind, int port) throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofMillis(REPORT_EVERY.toMillis()));
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            // in slices: the JDK copies each write into a temporary direct buffer of its size,
            // again for every partial write, so one write of megabytes costs quadratic time
            for (int at = 0; at < body.length; at += WRITE_SLICE) {
              out.write(body, at, Math.min(WRITE_SLICE, body.length - at));
            }
          }
        });
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "greenlight-metrics");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new WorkerMetrics(registry, scope, server);
  }

  /** The port {@code /metrics} is served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * A client like {@code client} (same target, TLS, credentials, namespace, converter) whose
   * connection reports to this scope: a worker built on it reports the SDK's metrics and lets the
   * workflow record the releases'. Close it with {@link #closeClient}.
   */
  public WorkflowClient instrument(WorkflowClient client) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder(client.getWorkflowServiceStubs().getOptions())
                .setMetricsScope(scope)
                .build());
    return WorkflowClient.newInstance(stubs, client.getOptions());
  }

  /** Closes a client {@link #instrument} made. */
  public static void closeClient(WorkflowClient client) {
    client.getWorkflowServiceStubs().shutdown();
  }

  @Override
  public void close() {
    server.stop(0);
    try {
      scope.close();
    } catch (ScopeCloseException e) {
      // the last report is lost with the process anyway
    }
    registry.close();
  }
}
