package dev.greenlight;

import dev.greenlight.cli.GreenlightCli;

/**
 * The {@code greenlight} command, the main class of greenlight.jar. With greenlight-devstack.jar on
 * the class path too (bin/greenlight adds it when it is there), {@code dev} and {@code demo} work.
 */
public final class Greenlight {
  private Greenlight() {}

  public static void main(String[] args) {
    GreenlightCli.main(args);
  }
}
