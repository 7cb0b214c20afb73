package dev.greenlight.devstack;

import java.util.function.UnaryOperator;

/** What an in-process worker of the local stack reads as its environment. */
final class LocalStacks {
  private LocalStacks() {}

  /**
   * The process environment, plus an empty password for the embedded PostgreSQL (trust auth on
   * loopback) when the operator did not set one: the demo needs no secret.
   */
  static UnaryOperator<String> secrets(LocalStack stack, String passwordEnv) {
    return name -> {
      String value = System.getenv(name);
      if (value == null && stack.databaseStarted() && name.equals(passwordEnv)) return "";
      return value;
    };
  }
}
