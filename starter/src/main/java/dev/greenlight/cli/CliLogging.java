package dev.greenlight.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Logging for the operator commands: warnings and errors only, on stderr, so that stdout holds just
 * the answer (e.g. {@code id=$(greenlight start ...)}). GREENLIGHT_DEBUG=1 shows INFO too. The
 * worker configures its own logging; this only runs for the client commands.
 */
final class CliLogging {
  /** Kept strongly reachable: java.util.logging forgets levels of collected loggers. */
  private static final java.util.logging.Logger GRPC =
      java.util.logging.Logger.getLogger("io.grpc");

  private static boolean done;

  private CliLogging() {}

  static synchronized void quiet() {
    if (done) return;
    done = true;
    boolean debug = FailureReporter.debug();
    // gRPC logs through java.util.logging, with stack traces on connection failures.
    GRPC.setLevel(debug ? java.util.logging.Level.INFO : java.util.logging.Level.OFF);
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
    configure(ctx);
  }

  /** Warnings and errors (with GREENLIGHT_DEBUG=1 INFO too) on stderr, and nothing else. */
  static void configure(LoggerContext ctx) {
    boolean debug = FailureReporter.debug();
    ctx.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(ctx);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(debug ? Level.INFO : Level.WARN);
    root.addAppender(appender);
  }
}
