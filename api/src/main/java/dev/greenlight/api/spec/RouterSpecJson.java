package dev.greenlight.api.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@link RouterSpec} as JSON, the shape the spec has: the type's section under the type's name.
 * Histories written before router types were pluggable hold every section's key ({@code "command":
 * {...}, "haproxy": null, ...}); they read back the same, and the other types' keys are skipped. A
 * section of a type this build does not know reads back as null (its router then reports the type
 * as unsupported).
 */
final class RouterSpecJson {
  private RouterSpecJson() {}

  /** Writes the router fields in the record's order, the section under its type's name. */
  static final class Writer extends StdSerializer<RouterSpec> {
    Writer() {
      super(RouterSpec.class);
    }

    @Override
    public void serialize(RouterSpec r, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      gen.writeStringField("type", r.type());
      gen.writeStringField("url", r.url());
      if (r.type() != null && r.section() != null) {
        provider.defaultSerializeField(r.type(), r.section(), gen);
      }
      provider.defaultSerializeField("steps", r.steps(), gen);
      provider.defaultSerializeField("stepHold", r.stepHold(), gen);
      gen.writeNumberField("verifyResponses", r.verifyResponses());
      provider.defaultSerializeField("verifyTimeout", r.verifyTimeout(), gen);
      provider.defaultSerializeField("verify", r.verify(), gen);
      gen.writeEndObject();
    }
  }

  /** Reads what {@link Writer} wrote, and the older shape with every type's key. */
  static final class Reader extends StdDeserializer<RouterSpec> {
    Reader() {
      super(RouterSpec.class);
    }

    @Override
    public RouterSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      String type = text(node.get("type"));
      RouterSection section = null;
      JsonNode raw = type == null ? null : node.get(type);
      if (raw != null && !raw.isNull()) {
        RouterType<?> known = RouterTypes.find(type).orElse(null);
        if (known != null) section = ctxt.readTreeAsValue(raw, known.sectionClass());
      }
      List<Integer> steps =
          value(
              ctxt,
              node.get("steps"),
              ctxt.getTypeFactory().constructCollectionType(List.class, Integer.class));
      JsonNode responses = node.get("verifyResponses");
      return new RouterSpec(
          type,
          text(node.get("url")),
          section,
          steps,
          value(ctxt, node.get("stepHold"), Duration.class),
          responses == null || responses.isNull() ? 0 : responses.asInt(),
          value(ctxt, node.get("verifyTimeout"), Duration.class),
          value(ctxt, node.get("verify"), RouterSpec.VerifySpec.class));
    }

    private static String text(JsonNode n) {
      return n == null || n.isNull() ? null : n.asText();
    }

    private static <T> T value(DeserializationContext ctxt, JsonNode n, Class<T> type)
        throws IOException {
      return n == null || n.isNull() ? null : ctxt.readTreeAsValue(n, type);
    }

    private static <T> T value(
        DeserializationContext ctxt, JsonNode n, com.fasterxml.jackson.databind.JavaType type)
        throws IOException {
      return n == null || n.isNull() ? null : ctxt.readTreeAsValue(n, type);
    }
  }
}
