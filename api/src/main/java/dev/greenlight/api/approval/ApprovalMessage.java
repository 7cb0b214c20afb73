package dev.greenlight.api.approval;

import java.nio.charset.StandardCharsets;

/**
 * The exact text an approver signs: it names the release id, the app, the version and the approver,
 * so a signature approves that release, by that person, and nothing else. {@code greenlight approve
 * ID --as NAME --print-message} prints it.
 */
public final class ApprovalMessage {
  /** The first line, naming the format. */
  public static final String HEADER = "greenlight approval v1";

  private ApprovalMessage() {}

  /** The message, lines ending in a newline. */
  public static String of(String releaseId, String app, String version, String approver) {
    return HEADER
        + "\n"
        + "release: "
        + releaseId
        + "\n"
        + "app: "
        + app
        + "\n"
        + "version: "
        + version
        + "\n"
        + "approver: "
        + approver
        + "\n";
  }

  /** Its bytes (UTF-8), as signed. */
  public static byte[] bytes(String message) {
    return message.getBytes(StandardCharsets.UTF_8);
  }

  /** The value of the {@code release:} line of a message, or null. */
  static String field(String message, String name) {
    if (message == null) return null;
    for (String line : message.split("\n")) {
      if (line.startsWith(name + ": ")) return line.substring(name.length() + 2);
    }
    return null;
  }
}
