package dev.greenlight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is parsed, not run (no Docker engine here): it must be complete and pinned.
 */
class ComposeFileTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static JsonNode services;

  @BeforeAll
  static void parse() throws Exception {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(ROOT.resolve("docker-compose.yml")));
    services = compose.get("services");
    assertThat(services).isNotNull();
  }

  private static List<String> names() {
    List<String> out = new ArrayList<>();
    services.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String env(String service, String key) {
    JsonNode e = services.get(service).get("environment");
    return e == null || e.get(key) == null ? null : e.get(key).asText();
  }

  @Test
  void everyServiceHasAPinnedImageOrABuild() {
    assertThat(names())
        .contains(
            "postgresql",
            "temporal-schema",
            "temporal",
            "temporal-setup",
            "temporal-ui",
            "greenlight-worker",
            "haproxy",
            "blue",
            "green");
    Pattern pinned = Pattern.compile("[a-z0-9./-]+:\\d+(\\.\\d+)+[-a-z0-9._]*");
    for (String name : names()) {
      JsonNode s = services.get(name);
      if (s.has("build")) {
        assertThat(ROOT.resolve("Dockerfile")).as(name + " builds from the Dockerfile").exists();
        continue;
      }
      assertThat(s.get("image")).as(name + " has an image").isNotNull();
      assertThat(s.get("image").asText())
          .as(name + " image tag is pinned")
          .matches(pinned)
          .doesNotContain("latest");
    }
  }

  @Test
  void theDockerfileRunsTheDistributionJarAndPinsItsBase() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(dockerfile)
        .containsPattern("FROM eclipse-temurin:17\\.[0-9._]+-jre")
        .contains("COPY dist/target/greenlight.jar")
        .contains("-jar");
  }

  @Test
  void theWorkerImageHoldsOnlyTheProductionJarAndTheDemoAppsTheirOwnTarget() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    String worker = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
    assertThat(worker)
        .as("the default (last) stage is the worker")
        .contains(" AS worker")
        .contains("COPY dist/target/greenlight.jar")
        .doesNotContain("devstack");
    assertThat(services.get("greenlight-worker").get("build").get("target").asText())
        .isEqualTo("worker");
    for (String color : List.of("blue", "green")) {
      assertThat(services.get(color).get("build").get("target").asText())
          .as(color)
          .isEqualTo("demo-app");
    }
    assertThat(dockerfile)
        .contains("AS demo-app")
        .contains("COPY dist/target/greenlight-devstack.jar")
        .contains("dev.greenlight.devstack.demoapp.DemoApp");
  }

  @Test
  void theWorkerAndTheUiPointAtTheServer() {
    assertThat(env("greenlight-worker", "TEMPORAL_ADDRESS")).isEqualTo("temporal:7233");
    assertThat(env("temporal-ui", "TEMPORAL_ADDRESS")).isEqualTo("temporal:7233");
    assertThat(services.get("temporal").get("image").asText()).startsWith("temporalio/server:");
    assertThat(services.get("postgresql").get("image").asText()).startsWith("postgres:16");
  }

  @Test
  void theUiIsRecentEnoughToRecordWhoSentASignal() {
    Matcher m =
        Pattern.compile("temporalio/ui:(\\d+)\\.(\\d+)")
            .matcher(services.get("temporal-ui").get("image").asText());
    assertThat(m.find()).isTrue();
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    assertThat(major > 2 || (major == 2 && minor >= 44)).as("temporalio/ui >= 2.44").isTrue();
  }

  @Test
  void theSearchAttributesAreCreatedAsKeywords() {
    String setup = services.get("temporal-setup").get("command").toString();
    for (String attribute : List.of("GreenlightApp", "GreenlightVersion", "GreenlightStage")) {
      assertThat(setup)
          .containsPattern("search-attribute create[^\\n]*--name " + attribute + " --type Keyword");
    }
    assertThat(services.get("temporal-setup").get("image").asText())
        .startsWith("temporalio/admin-tools:");
  }

  @Test
  void dependenciesNameServicesThatExist() {
    for (String name : names()) {
      JsonNode deps = services.get(name).get("depends_on");
      if (deps == null) continue;
      List<String> targets = new ArrayList<>();
      if (deps.isArray()) deps.forEach(d -> targets.add(d.asText()));
      else
        for (Iterator<Map.Entry<String, JsonNode>> it = deps.fields(); it.hasNext(); )
          targets.add(it.next().getKey());
      assertThat(names()).as(name + " depends on existing services").containsAll(targets);
    }
  }
}
