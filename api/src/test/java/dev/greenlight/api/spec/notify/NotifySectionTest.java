package dev.greenlight.api.spec.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.SpecException;
import dev.greenlight.api.spec.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifySectionTest {
  @TempDir Path dir;

  private static final String SPEC =
      """
      app: shop
      environments:
        blue: {url: "http://127.0.0.1:8081", deploy: ["true"]}
        green: {url: "http://127.0.0.1:8082", deploy: ["true"]}
      health: {versionField: version}
      router:
        type: command
        url: http://127.0.0.1:8080
        command: {switch: ["true"], active: ["echo", "blue"]}
      """;

  private ReleaseSpec load(String notify) throws Exception {
    return SpecLoader.parse(SPEC + notify, dir.resolve("greenlight.yaml"));
  }

  private List<String> problems(String notify) {
    SpecException e = catchThrowableOfType(SpecException.class, () -> load(notify));
    assertThat(e).as("refused: " + notify).isNotNull();
    return e.problems();
  }

  @Test
  void readsWebhooksBySecretName() throws Exception {
    ReleaseSpec spec =
        load(
            """
            notify:
              - {type: webhook, urlEnv: HOOK_URL}
              - {type: slack, urlEnv: SLACK_URL}
            """);
    assertThat(spec.notifyTargets())
        .containsExactly(
            new NotifyTarget("webhook", "HOOK_URL"), new NotifyTarget("slack", "SLACK_URL"));
  }

  @Test
  void withoutTheSectionThereAreNone() throws Exception {
    assertThat(load("").notifyTargets()).isEmpty();
  }

  @Test
  void everyMistakeIsNamedWithItsFieldPath() {
    assertThat(
            problems(
                """
                notify:
                  - {type: teams, urlEnv: HOOK_URL}
                  - {urlEnv: "https://hooks.example/T000/B000"}
                  - {type: slack}
                  - webhook
                  - {type: slack, urlEnv: "1st hook"}
                  - {type: webhook, urlEnv: HOOK_URL, retries: 3}
                """))
        .containsExactly(
            "notify[0].type: unknown type 'teams' (expected one of: webhook, slack)",
            "notify[1].type: is required (one of: webhook, slack)",
            "notify[1].urlEnv: holds a URL, not a variable name: put the URL in an environment"
                + " variable of the worker and give its name here",
            "notify[2].urlEnv: is required: the worker's environment variable holding the URL",
            "notify[3]: expected a mapping with type and urlEnv",
            "notify[4].urlEnv: '1st hook' is not an environment variable name (the name, never"
                + " the URL)",
            "notify[5].retries: unknown field (expected one of: type, url, urlEnv)");
  }

  @Test
  void aUrlInTheSpecIsRefusedWithoutBeingRepeated() {
    List<String> problems =
        problems("notify: [{type: slack, url: \"https://hooks.example/T000/SECRET\"}]\n");
    assertThat(problems)
        .contains(
            "notify[0].url: a webhook URL is a secret and would be recorded in the release's"
                + " history: put it in an environment variable of the worker and name that with"
                + " urlEnv");
    assertThat(String.join("\n", problems)).doesNotContain("SECRET");
  }

  @Test
  void notifyMustBeAList() {
    assertThat(problems("notify: {type: webhook, urlEnv: HOOK_URL}\n"))
        .containsExactly(
            "notify: expected a list of webhooks, e.g. [{type: webhook, urlEnv: HOOK_URL}]");
  }
}
