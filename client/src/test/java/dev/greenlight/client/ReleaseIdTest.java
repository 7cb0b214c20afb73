package dev.greenlight.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReleaseIdTest {
  @Test
  void idIsAppVersionAndFourRandomCharacters() {
    assertThat(ReleaseId.generate("shop", "2.0.0")).matches("shop-2\\.0\\.0-[a-z0-9]{4}");
  }

  @Test
  void versionCharactersAShellWouldTripOnBecomeDashes() {
    assertThat(ReleaseId.generate("shop", " 2.0.0+build 7/rc "))
        .matches("shop-2\\.0\\.0-build-7-rc-[a-z0-9]{4}");
    assertThat(ReleaseId.idSafe("$(rm -rf /)")).isEqualTo("rm-rf");
    assertThat(ReleaseId.idSafe("///")).isEqualTo("v");
  }

  @Test
  void idsDoNotRepeat() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) ids.add(ReleaseId.generate("shop", "1"));
    assertThat(ids).hasSizeGreaterThan(195);
  }
}
