package dev.greenlight.devstack;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Sends every log line of a demo run (Greenlight, Temporal, the worker, gRPC's java.util.logging)
 * to a file in the demo's work directory ({@code demo/logback-demo.xml}), so the terminal shows
 * only the timeline and the summary.
 */
final class DemoLogging {
  private DemoLogging() {}

  /** From now on, logs go to {@code file} only. */
  static void toFile(Path file) throws IOException {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
    try (InputStream config = DemoLogging.class.getResourceAsStream("/demo/logback-demo.xml")) {
      if (config == null) throw new IOException("demo/logback-demo.xml is missing");
      ctx.reset();
      ctx.putProperty("GREENLIGHT_DEMO_LOG", file.toAbsolutePath().toString());
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(ctx);
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IOException("cannot send the demo's logs to " + file + ": " + e.getMessage(), e);
    }
    // gRPC and parts of Temporal log through java.util.logging, whose console handler is stderr
    java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) root.removeHandler(h);
    root.addHandler(new ToSlf4j());
    root.setLevel(Level.WARNING);
  }

  /** java.util.logging records, into the same file. */
  private static final class ToSlf4j extends Handler {
    @Override
    public void publish(LogRecord r) {
      if (r == null || !isLoggable(r)) return;
      org.slf4j.Logger log =
          LoggerFactory.getLogger(r.getLoggerName() == null ? "jul" : r.getLoggerName());
      String message = new java.util.logging.SimpleFormatter().formatMessage(r);
      if (r.getLevel().intValue() >= Level.SEVERE.intValue()) log.error(message, r.getThrown());
      else log.warn(message, r.getThrown());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
