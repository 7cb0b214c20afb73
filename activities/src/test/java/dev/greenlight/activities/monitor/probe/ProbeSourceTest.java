package dev.greenlight.activities.monitor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.activities.MonitorSample;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.testkit.ColorBackend;
import dev.greenlight.testkit.ColorBackend.Reply;
import dev.greenlight.testkit.SpecBuilder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor.minRequests} with the probe: only requests that got an HTTP answer count; a sample
 * with fewer answers than that is INCONCLUSIVE (a busy worker's own timeouts decide nothing), not a
 * rollback.
 */
class ProbeSourceTest {
  @TempDir Path dir;
  private ColorBackend router;

  @BeforeEach
  void setUp() {
    router = ColorBackend.start();
  }

  @AfterEach
  void tearDown() {
    router.close();
  }

  @Test
  void fewerAnswersThanMinRequestsIsInconclusiveNotARollback() {
    AtomicInteger n = new AtomicInteger();
    // two of the four requests answer; two outlast the probe's request timeout
    router.on(
        "/api/products",
        x ->
            n.incrementAndGet() <= 2
                ? Reply.ok("[]")
                : Reply.ok("[]").delayed(ProbeSource.REQUEST_TIMEOUT.toMillis() + 2000));

    MonitorSample sample = new ProbeSource().measure(context(3), 50, () -> {});

    assertThat(sample.verdict()).isEqualTo("INCONCLUSIVE");
    assertThat(sample.reason())
        .startsWith("only 2 of 4 requests answered, fewer than minRequests 3")
        .contains("would have been: error rate 50.0%");
  }

  @Test
  void serverErrorsAreAnswersAndStillRollBack() {
    AtomicInteger n = new AtomicInteger();
    router.on("/api/products", x -> n.incrementAndGet() <= 2 ? Reply.ok("[]") : Reply.of(500, "x"));

    MonitorSample sample = new ProbeSource().measure(context(3), 50, () -> {});

    assertThat(sample.verdict()).isEqualTo("ROLLBACK");
    assertThat(sample.reason()).contains("error rate 50.0%");
  }

  private ReleaseContext context(int minRequests) {
    return SpecBuilder.in(dir)
        .with("health", "{path: /health, versionField: version}")
        .with(
            "router",
            "{type: command, url: \""
                + router.url()
                + "\", command: {switch: [\"true\"], active: [\"echo\", \"blue\"]}}")
        .with(
            "monitor",
            "{window: 1m, interval: 1s, path: /api/products, requestsPerSample: 4, minRequests: "
                + minRequests
                + ", errorRate: {alert: 0.03, rollback: 0.05}, p95: {alert: 10000ms, rollback:"
                + " 20000ms}}")
        .context();
  }
}
