package dev.greenlight.cli;

import dev.greenlight.activities.http.HttpAnswer;
import dev.greenlight.activities.http.JsonField;
import dev.greenlight.activities.http.SharedHttpClient;
import dev.greenlight.api.lifecycle.AppEntry;
import dev.greenlight.api.lifecycle.AppView;
import dev.greenlight.api.model.Color;
import dev.greenlight.api.spec.ReleaseSpec;
import dev.greenlight.client.AppOperations;
import dev.greenlight.client.ReleaseClient;
import dev.greenlight.client.TemporalConnection;
import dev.greenlight.client.cli.ConnectionOptions;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code greenlight app status APP [--json]}: what an app runs now. */
@Command(
    name = "app",
    description = "The app's view: live color, each color's version, last releases.",
    subcommands = {AppCommand.Status.class})
final class AppCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code app status APP [--json]}. */
  @Command(
      name = "status",
      description = {
        "Live color; each color's version as Greenlight deployed it and as its health endpoint"
            + " reports it now (health.versionField); whether the standby is in sync; the last"
            + " releases, undos and syncs; what runs now.",
        "An app with no release started by this version of Greenlight is refused (exit 4)."
      })
  static final class Status extends OperatorCommand {
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    @Parameters(paramLabel = "APP", description = "The app, as in the spec's app field.")
    String app;

    @Option(
        names = "--json",
        description =
            "Print {app, live, colors: {blue: {version, health}, green: {...}}, standbyInSync,"
                + " releases, running, syncDueAt, lastFailed}.")
    boolean json;

    @Mixin ConnectionOptions connection;

    @Override
    protected int run() throws Exception {
      try (TemporalConnection temporal = connection.open()) {
        AppOperations apps = new AppOperations(new ReleaseClient(temporal));
        String name = required("APP", app);
        AppView view = apps.view(name);
        ReleaseSpec specOfApp = apps.spec(name);
        view =
            new AppView(
                view.app(),
                view.live(),
                new AppView.Colors(
                    new AppView.ColorView(
                        view.colors().blue().version(), health(specOfApp, Color.BLUE)),
                    new AppView.ColorView(
                        view.colors().green().version(), health(specOfApp, Color.GREEN))),
                view.standbyInSync(),
                view.releases(),
                view.running(),
                view.syncDueAt(),
                view.lastFailed());
        if (json) JsonOutput.print(out(), view);
        else print(view);
        return ExitCodes.OK;
      }
    }

    /** What the color's health endpoint reports as its version now, or why it cannot tell. */
    static String health(ReleaseSpec spec, Color color) {
      if (spec == null || spec.environment(color) == null) return null;
      String url = spec.environment(color).url() + spec.health().path();
      HttpAnswer a = HttpAnswer.get(SharedHttpClient.withCallTimeout(HEALTH_TIMEOUT), url);
      if (a.status() != 200) return "unhealthy (" + a.summary() + ")";
      String field = spec.health().versionField();
      if (field == null) return "healthy (no health.versionField)";
      String v = JsonField.read(a.body(), field);
      return v == null ? "healthy, no " + field + " field" : v;
    }

    private void print(AppView v) {
      var o = out();
      o.println("app      " + v.app());
      o.println("live     " + (v.live() == null ? "unknown (no release yet)" : v.live()));
      color(o, "blue", v.colors().blue(), v.live());
      color(o, "green", v.colors().green(), v.live());
      o.println("standby  " + (v.standbyInSync() ? "in sync" : "not in sync"));
      if (v.syncDueAt() != null) o.println("sync due " + v.syncDueAt());
      o.println("running  " + (v.running() == null ? "nothing" : v.running()));
      o.println("releases");
      if (v.releases().isEmpty()) o.println("  none yet");
      for (AppEntry e : v.releases()) {
        o.println(
            TerminalText.line(
                "  "
                    + e.endedAt()
                    + "  "
                    + e.kind()
                    + "  "
                    + e.id()
                    + "  "
                    + e.state()
                    + (e.outcome() == null ? "" : ": " + e.outcome())));
      }
    }

    private static void color(
        java.io.PrintWriter o, String name, AppView.ColorView c, String live) {
      String role = name.equals(live) ? "live" : live == null ? "" : "standby";
      o.println(
          TerminalText.line(
              String.format(
                  "%-8s %-7s deployed %s, health says %s",
                  name,
                  role,
                  c.version() == null ? "unknown" : c.version(),
                  c.health() == null ? "unknown" : c.health())));
    }
  }
}
