package dev.greenlight.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseVersionTest {
  @ParameterizedTest
  @ValueSource(strings = {"2.0.0", "1", "v2", "2.0.0-rc.1+build.7", "2024_11_26", "abc123def"})
  void semverAndPlainTokensAreReleaseVersions(String version) {
    assertThat(ReleaseVersion.valid(version)).isTrue();
    assertThat(ReleaseVersion.problem(version)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.0; touch pwned",
        "$(touch pwned)",
        "`touch pwned`",
        "1.0&&touch pwned",
        "1.0|tee x",
        "1.0\ntouch pwned",
        "1.0\r",
        " 1.0",
        "1.0 ",
        "-rc1",
        ".1",
        "../../etc",
        "1/2",
        "1'2",
        "1\"2",
        "a\u001b[2Jb",
        ""
      })
  void anythingAShellOrATerminalWouldReadIsNot(String version) {
    assertThat(ReleaseVersion.valid(version)).isFalse();
    assertThat(ReleaseVersion.problem(version))
        .contains("must be")
        .contains(ReleaseVersion.RULE)
        .doesNotContain("\n")
        .doesNotContain("\u001b");
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 65})
  void atMost64Characters(int length) {
    assertThat(ReleaseVersion.valid("1".repeat(length))).isEqualTo(length <= 64);
  }
}
