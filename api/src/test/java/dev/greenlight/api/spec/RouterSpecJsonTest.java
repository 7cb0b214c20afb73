package dev.greenlight.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.api.spec.router.haproxy.HaproxySpec;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RouterSpec in history, through Temporal's own JSON converter (which refuses unknown properties):
 * the shape written before router types were pluggable still reads back, with its section typed.
 */
class RouterSpecJsonTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  /** A haproxy router as histories before the seam hold it: every type's key, nulls included. */
  private static final String OLD_SHAPE =
      "{\"type\":\"haproxy\",\"url\":\"http://127.0.0.1:8080\",\"command\":null,"
          + "\"haproxy\":{\"socket\":\"/run/haproxy.sock\",\"backend\":\"shop\","
          + "\"servers\":{\"blue\":\"b1\",\"green\":\"g1\"}},\"nginx\":null,\"embedded\":null,"
          + "\"steps\":[10,100],\"stepHold\":300.000000000,\"verifyResponses\":20,"
          + "\"verifyTimeout\":30.000000000}";

  @Test
  void theShapeOfOlderHistoriesReadsBackWithItsSectionTyped() {
    RouterSpec r = read(OLD_SHAPE);

    assertThat(r.type()).isEqualTo("haproxy");
    assertThat(r.section(HaproxySpec.class))
        .isEqualTo(
            new HaproxySpec("/run/haproxy.sock", "shop", Map.of("blue", "b1", "green", "g1")));
    assertThat(r.steps()).containsExactly(10, 100);
    assertThat(r.stepHold()).isEqualTo(Duration.ofMinutes(5));
    assertThat(r.verifyResponses()).isEqualTo(20);
    assertThat(r.verifyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.verify()).isNull();
  }

  @Test
  void theSectionIsWrittenUnderItsTypesNameAndReadsBackEqual() {
    RouterSpec r =
        new RouterSpec(
            "haproxy",
            "http://127.0.0.1:8080",
            new HaproxySpec("/run/haproxy.sock", "shop", Map.of("blue", "b1", "green", "g1")),
            List.of(100),
            Duration.ofMinutes(5),
            20,
            Duration.ofSeconds(30),
            new RouterSpec.VerifySpec("/health", null, "X-Color"));

    Payload payload = CONVERTER.toPayload(r).orElseThrow();
    String json = payload.getData().toString(StandardCharsets.UTF_8);

    assertThat(json).contains("\"haproxy\":{\"socket\":\"/run/haproxy.sock\"");
    assertThat(json).doesNotContain("\"section\"").doesNotContain("\"nginx\"");
    assertThat(CONVERTER.fromPayload(payload, RouterSpec.class, RouterSpec.class)).isEqualTo(r);
  }

  @Test
  void aTypeThisBuildDoesNotKnowReadsBackWithoutItsSection() {
    RouterSpec r = read(OLD_SHAPE.replace("\"type\":\"haproxy\"", "\"type\":\"f5\""));

    assertThat(r.type()).isEqualTo("f5");
    assertThat(r.section()).isNull();
    assertThat(r.steps()).containsExactly(10, 100);
  }

  private static RouterSpec read(String json) {
    Payload payload =
        CONVERTER.toPayload("x").orElseThrow().toBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8(json))
            .build();
    return CONVERTER.fromPayload(payload, RouterSpec.class, RouterSpec.class);
  }
}
