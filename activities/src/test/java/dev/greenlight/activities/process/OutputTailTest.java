package dev.greenlight.activities.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTailTest {
  private static final SecretMask MASK =
      SecretMask.of(Map.of("SHOP_DB_PASS", "pw-Zebra-1234"), List.of("SHOP_DB_PASS"));

  @Test
  void keepsTheLastLinesMasked() throws Exception {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= 30; i++) out.append("line ").append(i).append(" pw-Zebra-1234\r\n");

    String tail = read(out.toString());

    assertThat(tail.lines())
        .hasSize(OutputTail.MAX_LINES)
        .startsWith("line 11 ********")
        .endsWith("line 30 ********");
  }

  @Test
  void aHugeLineIsCutAndASecretTheCutWentThroughIsNotHalfShown() throws Exception {
    String huge = "x".repeat(OutputTail.MAX_CHARS - 5) + "pw-Zebra-1234" + "y".repeat(5_000_000);

    String tail = read(huge);

    assertThat(tail.length()).isLessThanOrEqualTo(OutputTail.MAX_CHARS);
    assertThat(tail).endsWith(OutputTail.CUT).doesNotContain("pw-Z").doesNotContain("y");
  }

  @Test
  void aSecretSpanningLinesIsMaskedLineByLineEvenWhenItsStartScrolledAway() throws Exception {
    SecretMask mask =
        SecretMask.of(
            Map.of(
                "DEPLOY_PRIVATE_KEY",
                "-----BEGIN KEY-----\nAAAABBBBCCCC\nDDDDEEEEFFFF\n-----END KEY-----"),
            List.of());
    StringBuilder out = new StringBuilder("-----BEGIN KEY-----\nAAAABBBBCCCC\n");
    for (int i = 0; i < 30; i++) out.append("noise\n");
    out.append("DDDDEEEEFFFF\n-----END KEY-----\n");
    OutputTail tail = new OutputTail();
    tail.read(new StringReader(out.toString()));

    assertThat(tail.text(mask)).doesNotContain("DDDDEEEEFFFF").contains("********");
  }

  @Test
  void manyLongLinesStayWithinTheCharacterLimitKeepingTheLastWholeLines() throws Exception {
    String line = "z".repeat(1500);
    String tail = read((line + "\n").repeat(10) + "the end\n");

    assertThat(tail.length()).isLessThanOrEqualTo(OutputTail.MAX_CHARS);
    assertThat(tail).endsWith("\nthe end").startsWith("z");
  }

  private static String read(String text) throws Exception {
    OutputTail tail = new OutputTail();
    try (Reader r = new StringReader(text)) {
      tail.read(r);
    }
    return tail.text(MASK);
  }
}
