package dev.greenlight.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchAttributeSupportTest {
  private static final IndexedValueType KEYWORD = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

  @Test
  void allThreeKeywordAttributesAreNeeded() {
    assertThat(
            SearchAttributeSupport.complete(
                Map.of(
                    "GreenlightApp",
                    KEYWORD,
                    "GreenlightVersion",
                    KEYWORD,
                    "GreenlightStage",
                    KEYWORD,
                    "Other",
                    KEYWORD)))
        .isTrue();
    assertThat(
            SearchAttributeSupport.complete(
                Map.of("GreenlightApp", KEYWORD, "GreenlightVersion", KEYWORD)))
        .isFalse();
    assertThat(
            SearchAttributeSupport.complete(
                Map.of(
                    "GreenlightApp",
                    KEYWORD,
                    "GreenlightVersion",
                    KEYWORD,
                    "GreenlightStage",
                    IndexedValueType.INDEXED_VALUE_TYPE_TEXT)))
        .as("wrong type")
        .isFalse();
  }
}
