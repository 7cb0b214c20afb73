package dev.greenlight.activities.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskTest {
  @Test
  void masksValuesOfVariablesNamedLikeSecretsOrNamedExplicitly() {
    SecretMask mask =
        SecretMask.of(
            Map.of(
                "SHOP_DB_PASSWORD", "pw-Zebra-1234",
                "DEPLOY_TOKEN", "tok-Heron-9876",
                "registry_api_key", "key-Otter-5555",
                "DB_PASS", "plain-Lynx-4321",
                "HOME", "/home/carol",
                "SHORT_TOKEN", "abc"),
            List.of("DB_PASS"));

    String out =
        mask.mask(
            "login pw-Zebra-1234 with tok-Heron-9876, key-Otter-5555 and plain-Lynx-4321 in"
                + " /home/carol abc");

    assertThat(out)
        .isEqualTo("login ******** with ********, ******** and ******** in /home/carol abc");
    assertThat(mask.size()).isEqualTo(4);
    assertThat(mask.mask(null)).isNull();
  }

  @Test
  void aSecretThatContainsAnotherIsMaskedWhole() {
    SecretMask mask =
        SecretMask.of(Map.of("A_TOKEN", "Heron-9876", "B_TOKEN", "xx-Heron-9876-yy"), List.of());
    assertThat(mask.mask("got xx-Heron-9876-yy")).isEqualTo("got ********");
  }
}
