package dev.greenlight.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configurator (a service of this jar): for an operator command, the quiet
 * configuration of {@link CliLogging} in code, without reading logback.xml (its XML parser costs an
 * operator command about 0.07 s of its start-up). For anything else (the worker, dev, demo) it
 * steps aside and logback.xml applies.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class CliLogConfigurator extends ContextAwareBase implements Configurator {
  /** Set by {@link GreenlightCli} before an operator command runs. */
  static final String PROPERTY = "greenlight.cli.quietLog";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (!Boolean.getBoolean(PROPERTY)) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    CliLogging.configure(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
