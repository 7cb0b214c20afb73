package dev.greenlight.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class LocalPortOptionsTest {
  private static DevCommand dev(String... args) {
    DevCommand command = new DevCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void temporalPortPutsTemporalOnLoopbackAtThatPort() {
    assertThat(dev("--temporal-port", "7300").ports.temporalAddress("127.0.0.1:7233"))
        .isEqualTo("127.0.0.1:7300");
    assertThat(dev().ports.temporalAddress("10.0.0.5:7233")).isEqualTo("10.0.0.5:7233");
  }

  @Test
  void demoTakesTheSameOptions() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo)
        .parseArgs("--temporal-port", "7301", "--shop-port", "9000", "--postgres-port", "5500");
    assertThat(demo.ports.temporalAddress("127.0.0.1:7233")).isEqualTo("127.0.0.1:7301");
    assertThat(demo.ports.shopPort).isEqualTo(9000);
    assertThat(demo.ports.postgresPort).isEqualTo(5500);
  }

  @Test
  void aShopPortWithoutRoomForBlueAndGreenIsBadUsage() {
    DevCommand command = dev("--shop-port", "65534");
    assertThatThrownBy(() -> command.ports.applyTo(LocalStack.builder(), false))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--shop-port: 65534 is not a port");
  }

  @Test
  void postgresPortWithADatabaseUrlIsBadUsage() {
    DevCommand command = dev("--postgres-port", "5500", "--database-url", "jdbc:postgresql://x/y");
    assertThatThrownBy(() -> command.ports.applyTo(LocalStack.builder(), true))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--postgres-port")
        .hasMessageContaining("--database-url");
  }
}
