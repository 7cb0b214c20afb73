package dev.greenlight.activities.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.activities.traffic.file.FileRouter;
import dev.greenlight.activities.traffic.file.FileRouterSpec;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.SpecException;
import dev.greenlight.api.spec.SpecLoader;
import dev.greenlight.testkit.SpecBuilder;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router seam: a router type registered in {@code META-INF/services} (here the test-only {@code
 * file} type, in src/test/resources) is validated with its own section, travels through history,
 * and is driven by its name, with nothing else changed.
 */
class PluggableRoutersTest {
  private static final String FILE_ROUTER =
      "{type: file, url: \"http://127.0.0.1:3\", verify: {header: X-Color},"
          + " file: {path: split.txt}, steps: [10, 100]}";

  @TempDir Path dir;

  @Test
  void aRegisteredTypeIsPickedByItsNameAndGetsItsOwnSection() throws Exception {
    ReleaseContext ctx = SpecBuilder.in(dir).with("router", FILE_ROUTER).context();

    TrafficRouter router = TrafficRouters.create(ctx);

    assertThat(router).isInstanceOf(FileRouter.class);
    assertThat(((FileRouter) router).file()).isEqualTo(dir.resolve("split.txt"));
    assertThat(router.route(Color.GREEN, 10)).isEqualTo("10% on green");
    assertThat(Files.readString(dir.resolve("split.txt"))).isEqualTo("green 10\n");
    assertThat(router.liveColor()).isEqualTo(Color.BLUE);
  }

  @Test
  void itsSectionIsCheckedWithFieldPaths() {
    assertThat(
            problems(
                SpecBuilder.in(dir)
                    .with("router", FILE_ROUTER.replace("{path: split.txt}", "{pth: split.txt}"))))
        .contains(
            "router.file.path: is required",
            "router.file.pth: unknown field (expected one of: path)");
    assertThat(
            problems(
                SpecBuilder.in(dir)
                    .with("router", FILE_ROUTER.replace(" file: {path: split.txt},", ""))))
        .contains("router.file: is required");
  }

  @Test
  void anUnknownTypeListsEveryRegisteredType() {
    assertThat(
            problems(
                SpecBuilder.in(dir)
                    .with("router", FILE_ROUTER.replace("type: file", "type: ngnix"))))
        .contains(
            "router.type: unknown type 'ngnix' (expected one of: command, embedded, file, haproxy,"
                + " nginx)");
    assertThat(TrafficRouters.supported())
        .containsExactly("command", "embedded", "file", "haproxy", "nginx");
  }

  @Test
  void itsSectionGoesThroughHistoryUnderItsName() {
    ReleaseContext ctx = SpecBuilder.in(dir).with("router", FILE_ROUTER).context();
    DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;

    var payload = converter.toPayload(ctx).orElseThrow();
    String json = payload.getData().toString(StandardCharsets.UTF_8);
    ReleaseContext back =
        converter.fromPayload(payload, ReleaseContext.class, ReleaseContext.class);

    assertThat(json).contains("\"file\":{\"path\":\"" + dir.resolve("split.txt") + "\"}");
    assertThat(back).isEqualTo(ctx);
    assertThat(back.spec().router().section(FileRouterSpec.class).path())
        .isEqualTo(dir.resolve("split.txt").toString());
  }

  private static List<String> problems(SpecBuilder spec) {
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> SpecLoader.load(spec.write("greenlight.yaml")));
    assertThat(e).as("the spec is refused").isNotNull();
    return e.problems();
  }
}
