package dev.greenlight.api.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.RawValue;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The payload of an {@code approve}, {@code reject} or {@code abort} signal, read by Greenlight
 * itself rather than by the SDK, so that nothing a sender sends is dropped: a payload is either a
 * {@link Decision} or a reason it is refused ("expected a JSON object with approver", "unknown
 * field name", "payload too large"). Pure computation, used by the workflow.
 */
public final class DecisionPayload {
  /** The largest payload read (a signed approval is about 2 KB). */
  public static final int MAX_BYTES = 16 * 1024;

  private static final String ENCODING = "encoding";
  private static final String JSON_PLAIN = "json/plain";

  /** Lenient about what a form may leave in a string (raw line breaks in a pasted signature). */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final List<String> DECISION_FIELDS =
      List.of("approver", "comment", "reason", "signature", "message");

  private static final Map<String, List<String>> FIELDS =
      Map.of(
          "approve", List.of("approver", "comment", "signature", "message"),
          "reject", List.of("approver", "reason"),
          "abort", List.of("approver", "reason"));

  /**
   * What a payload says.
   *
   * @param decision the decision, when it could be read
   * @param refusal why it cannot be read, or null
   * @param sender the approver it names, when it names one (for the status' refused list)
   */
  public record Read(Decision decision, String refusal, String sender) {}

  private DecisionPayload() {}

  /** The json/plain payload a sender (or a test) would send for {@code d}; nulls are left out. */
  public static RawValue of(Decision d) {
    ObjectNode o = JSON.createObjectNode();
    if (d.approver() != null) o.put("approver", d.approver());
    if (d.comment() != null) o.put("comment", d.comment());
    if (d.reason() != null) o.put("reason", d.reason());
    if (d.signature() != null) o.put("signature", d.signature());
    if (d.message() != null) o.put("message", d.message());
    return json(o.toString());
  }

  /** A json/plain payload holding {@code json} as it is (valid JSON or not). */
  public static RawValue json(String json) {
    return new RawValue(
        Payload.newBuilder()
            .putMetadata(ENCODING, ByteString.copyFromUtf8(JSON_PLAIN))
            .setData(ByteString.copyFromUtf8(json))
            .build());
  }

  /** Reads the payload of the signal {@code command} (approve, reject or abort). */
  public static Read read(String command, RawValue raw) {
    String expected = "expected a JSON object with " + String.join(", ", FIELDS.get(command));
    if (raw == null || raw.getPayload() == null) return refused("no payload: " + expected);
    Payload p = raw.getPayload();
    String encoding = p.getMetadataOrDefault(ENCODING, ByteString.EMPTY).toStringUtf8();
    if (encoding.equals("binary/null")) return refused("no payload: " + expected);
    if (!encoding.equals(JSON_PLAIN)) {
      return refused(
          "payload encoding '" + clip(encoding, 40) + "' is not json/plain: " + expected);
    }
    if (p.getData().size() > MAX_BYTES) {
      return refused(
          "payload too large (" + p.getData().size() + " bytes, at most " + MAX_BYTES + ")");
    }
    JsonNode node;
    try (JsonParser parser = JSON.createParser(p.getData().toByteArray())) {
      node = JSON.readTree(parser);
      if (parser.nextToken() != null) return refused("more than one JSON value: " + expected);
    } catch (IOException e) {
      return refused("not valid JSON: " + expected);
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return refused("no payload: " + expected);
    }
    if (node.isArray() && node.size() == 1 && node.get(0).isObject()) {
      node = node.get(0); // some senders wrap the one argument in a list
    }
    if (!node.isObject()) {
      return refused("expected a JSON object with approver, got " + kind(node) + ": " + expected);
    }
    String sender = node.path("approver").isTextual() ? node.get("approver").asText() : null;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      // a typed sender serialises every field of Decision, the unused ones as null
      boolean unusedNull = node.get(field).isNull() && DECISION_FIELDS.contains(field);
      if (!FIELDS.get(command).contains(field) && !unusedNull) {
        return new Read(
            null,
            "unknown field "
                + clip(field, 40)
                + " ("
                + command
                + " takes "
                + String.join(", ", FIELDS.get(command))
                + ")",
            sender);
      }
      JsonNode v = node.get(field);
      if (!v.isTextual() && !v.isNull()) {
        return new Read(null, field + ": expected a string, got " + kind(v), sender);
      }
    }
    return new Read(
        new Decision(
            text(node, "approver"),
            text(node, "comment"),
            text(node, "reason"),
            text(node, "signature"),
            text(node, "message")),
        null,
        sender);
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Read refused(String why) {
    return new Read(null, why, null);
  }

  private static String kind(JsonNode n) {
    if (n.isTextual()) return "a string";
    if (n.isNumber()) return "a number";
    if (n.isBoolean()) return "a boolean";
    if (n.isArray()) return "an array";
    if (n.isObject()) return "an object";
    return "null";
  }

  private static String clip(String s, int max) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > max ? clean.substring(0, max) + "…" : clean;
  }
}
