package dev.greenlight.api.spec;

/**
 * One smoke check, run against the new color and then the live one.
 *
 * @param name shown in status
 * @param method HTTP method (default GET)
 * @param path relative to the environment URL
 * @param expect expected HTTP status (default 200)
 * @param bodyContains optional text the body must contain
 */
public record SmokeCheck(
    String name, String method, String path, int expect, String bodyContains) {}
