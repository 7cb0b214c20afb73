package dev.greenlight.activities.traffic.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.api.model.Color;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading and writing the upstream block without losing what the operator put around it. */
class UpstreamFileTest {
  static final Map<Color, String> ADDRESSES =
      Map.of(Color.BLUE, "10.0.0.1:8081", Color.GREEN, "10.0.0.2:80");

  @Test
  void readsWeightsDownAndBackupFromACompactHandWrittenBlock() {
    UpstreamFile f =
        UpstreamFile.parse(
            "# shop\n"
                + "upstream other { server 9.9.9.9; }\n"
                + "upstream shop { server 10.0.0.1:8081 weight=3 max_fails=2; server 10.0.0.2"
                + " backup; } # end\n",
            "shop");
    assertThat(f.shares(ADDRESSES)).isEqualTo(Map.of(Color.BLUE, 3, Color.GREEN, 0));
    assertThat(f.pending()).isFalse();
  }

  @Test
  void aServerWithoutWeightHasWeightOneAndDownHasNone() {
    UpstreamFile f =
        UpstreamFile.parse(
            "upstream shop {\n  server 10.0.0.1:8081;  # blue\n  server 10.0.0.2:80 down;\n}\n",
            "shop");
    assertThat(f.shares(ADDRESSES)).isEqualTo(Map.of(Color.BLUE, 1, Color.GREEN, 0));
  }

  @Test
  void renderingKeepsTheRestOfTheFileAndReadsBackTheNewWeights() {
    String text =
        "# managed upstream\n"
            + "upstream shop {\n"
            + "    least_conn;\n"
            + "    server 10.0.0.1:8081 max_fails=3 fail_timeout=5s;\n"
            + "    keepalive 32;\n"
            + "}\n\n"
            + "map $x $y { default 1; }\n";
    String out =
        UpstreamFile.parse(text, "shop")
            .render(ADDRESSES, Map.of(Color.BLUE, 90, Color.GREEN, 10), false);
    assertThat(out)
        .isEqualTo(
            "# greenlight: applied\n# managed upstream\nupstream shop {\n"
                + "    server 10.0.0.1:8081 weight=90 max_fails=3 fail_timeout=5s;  # blue\n"
                + "    server 10.0.0.2:80 weight=10;  # green\n"
                + "    least_conn;\n    keepalive 32;\n}\n\nmap $x $y { default 1; }\n");
    UpstreamFile again = UpstreamFile.parse(out, "shop");
    assertThat(again.shares(ADDRESSES)).isEqualTo(Map.of(Color.BLUE, 90, Color.GREEN, 10));
    assertThat(again.render(ADDRESSES, Map.of(Color.BLUE, 90, Color.GREEN, 10), false))
        .isEqualTo(out);
  }

  @Test
  void aPendingMarkerIsReadAndReplaced() {
    UpstreamFile pending =
        UpstreamFile.parse(
            "# greenlight: pending reload\nupstream shop { server 10.0.0.2:80; }", "shop");
    assertThat(pending.pending()).isTrue();
    String out = pending.render(ADDRESSES, Map.of(Color.BLUE, 0, Color.GREEN, 100), false);
    assertThat(out)
        .startsWith("# greenlight: applied\nupstream shop {\n")
        .doesNotContain("pending")
        .contains("server 10.0.0.1:8081 down;")
        .contains("server 10.0.0.2:80 weight=100;");
  }

  @Test
  void aNewFileIsJustTheBlock() {
    String out =
        UpstreamFile.empty("shop").render(ADDRESSES, Map.of(Color.BLUE, 100, Color.GREEN, 0), true);
    assertThat(out)
        .isEqualTo(
            "# greenlight: pending reload\n"
                + "upstream shop {\n"
                + "    server 10.0.0.1:8081 weight=100;  # blue\n"
                + "    server 10.0.0.2:80 down;  # green\n"
                + "}\n");
  }

  @Test
  void refusesAFileWithoutTheBlockOrWithAStrangerServer() {
    assertThatThrownBy(
            () ->
                UpstreamFile.parse("# upstream shop {\nupstream shopping { server a; }\n", "shop"))
        .hasMessage("has no `upstream shop { ... }` block");
    UpstreamFile f =
        UpstreamFile.parse("upstream shop { server 10.0.0.1:8081; server 10.0.0.9:80; }", "shop");
    assertThatThrownBy(() -> f.shares(ADDRESSES))
        .hasMessageContaining("lists server 10.0.0.9:80, which is neither blue");
    assertThatThrownBy(() -> UpstreamFile.parse("upstream shop { server 10.0.0.1:8081;", "shop"))
        .hasMessageContaining("never closed");
  }
}
