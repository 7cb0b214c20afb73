package dev.greenlight.activities.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.greenlight.activities.traffic.command.CommandRouter;
import dev.greenlight.api.activities.ReleaseContext;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.api.spec.RouterSpec;
import dev.greenlight.testkit.SpecBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficRoutersTest {
  @TempDir Path dir;

  @Test
  void commandTypeGetsTheCommandRouter() throws Exception {
    assertThat(TrafficRouters.create(SpecBuilder.in(dir).context()))
        .isInstanceOf(CommandRouter.class);
  }

  @Test
  void aTypeThisWorkerDoesNotKnowIsANonRetryableRouterError() {
    ReleaseContext ctx = SpecBuilder.in(dir).context();
    ReleaseSpec s = ctx.spec();
    RouterSpec r = s.router();
    // a spec validated by a newer CLI than this worker
    RouterSpec unknown =
        new RouterSpec(
            "f5",
            r.url(),
            r.section(),
            r.steps(),
            r.stepHold(),
            r.verifyResponses(),
            r.verifyTimeout(),
            r.verify());
    ReleaseContext newer =
        new ReleaseContext(
            ctx.releaseId(),
            ctx.version(),
            new ReleaseSpec(
                s.app(),
                s.blue(),
                s.green(),
                s.health(),
                unknown,
                s.database(),
                s.smoke(),
                s.approval(),
                s.monitor(),
                s.specFile()));

    RouterException e =
        catchThrowableOfType(RouterException.class, () -> TrafficRouters.create(newer));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("router.type 'f5' is not supported by this worker");
  }
}
