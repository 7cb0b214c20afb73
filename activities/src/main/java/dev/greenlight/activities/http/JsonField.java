package dev.greenlight.activities.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads one field of a JSON body, as health checks and switch verification need it. */
public final class JsonField {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonField() {}

  /**
   * The text of {@code field} in the JSON object {@code body}; a dotted name ({@code
   * build.version}) walks nested objects when no field has that literal name.
   *
   * @return the value as text, or null when the body is not JSON or has no such field
   */
  public static String read(String body, String field) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
    if (root == null || !root.isObject()) return null;
    JsonNode v = root.get(field);
    if (v == null && field.contains(".")) {
      v = root;
      for (String part : field.split("\\.")) {
        v = v == null ? null : v.get(part);
      }
    }
    if (v == null || v.isNull() || v.isContainerNode()) return null;
    return v.asText();
  }
}
