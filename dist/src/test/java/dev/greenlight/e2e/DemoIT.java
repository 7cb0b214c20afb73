package dev.greenlight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.testkit.FreePort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Greenlight on a laptop in one command": {@code bin/greenlight demo} on a free port, with nothing
 * else running, tells the whole story and leaves nothing behind.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DemoIT {
  @TempDir Path dir;

  @Test
  void oneCommandShipsAGoodReleaseRollsBackAFaultyOneAndLeavesNothingRunning() throws Exception {
    int temporalPort = FreePort.find();
    Path work = dir.resolve("demo");

    CliResult demo =
        Launcher.run(
            dir,
            Map.of(),
            Duration.ofMinutes(3),
            "demo",
            "--temporal",
            "127.0.0.1:" + temporalPort,
            "--work-dir",
            work.toString());

    assertThat(demo.exit()).as(demo.toString()).isZero();
    List<String> lines = demo.out().lines().toList();
    int good = indexOf(lines, "ended SUCCEEDED: shop 2.0.0 is live on ");
    int bad = indexOf(lines, "ended ROLLED_BACK: ");
    assertThat(good).as("the good release's outcome\n" + demo.out()).isNotNegative();
    assertThat(bad).as("the faulty release's outcome\n" + demo.out()).isGreaterThan(good);
    assertThat(lines.subList(0, good))
        .as("before 2.0.0 went live")
        .anySatisfy(l -> assertThat(l).contains("approved by demo-approver"))
        .anySatisfy(
            l -> assertThat(l).containsPattern("\\] switch SUCCEEDED: 100% on (blue|green)"));
    assertThat(indexOf(lines, "approved by demo-approver"))
        .as("the approval before the approval step's end, and that before the switch")
        .isLessThan(indexOf(lines, "approval SUCCEEDED"));
    assertThat(indexOf(lines, "approval SUCCEEDED")).isLessThan(indexOf(lines, "switch SUCCEEDED"));
    assertThat(lines.get(good)).contains("approved by demo-approver");
    assertThat(lines.get(bad)).contains("monitor breach").contains("traffic is back on");
    assertThat(lines.subList(good, bad))
        .as("3.0.0 was deployed and switched to before the monitor tripped")
        .anySatisfy(l -> assertThat(l).containsPattern("\\] switch SUCCEEDED"));
    assertThat(demo.out())
        .contains("served version 2.0.0 at the end (expected 2.0.0)")
        .contains("demo: everything went as told");

    // the terminal holds the timeline only: the logs went to the work directory
    assertThat(demo.out() + demo.err())
        .doesNotContain(" INFO ")
        .doesNotContain(" WARN ")
        .doesNotContain("Exception");
    assertThat(work.resolve("demo.log")).exists();
    // each release's events in the order they happened, stamped with when they happened
    for (List<String> release : List.of(lines.subList(0, good + 1), lines.subList(good + 1, bad))) {
      List<Double> stamps = new java.util.ArrayList<>();
      for (String l : release) {
        Matcher m = Pattern.compile("^\\[\\s*([0-9.]+)s\\] ").matcher(l);
        if (m.find()) stamps.add(Double.parseDouble(m.group(1)));
      }
      assertThat(stamps).as(demo.out()).isSorted();
    }

    // the closing hint works after the demo exited (its Temporal is gone)
    List<String> hint =
        lines.stream()
            .filter(l -> l.trim().startsWith("bin/greenlight audit "))
            .map(String::trim)
            .toList();
    assertThat(hint).as(demo.out()).hasSize(2);
    for (String command : hint) {
      String[] words = command.split(" ");
      CliResult after =
          Launcher.run(
              dir,
              Map.of(),
              Duration.ofMinutes(1),
              java.util.Arrays.copyOfRange(words, 1, words.length));
      assertThat(after.exit()).as(command + "\n" + after).isZero();
    }

    // nothing survives the demo: apps, proxy, Temporal
    Map<String, String> env = demoEnv(work.resolve("demo.env"));
    int bluePort = Integer.parseInt(env.get("BLUE_PORT"));
    int greenPort = Integer.parseInt(env.get("GREEN_PORT"));
    int proxyPort = proxyPort(Files.readString(work.resolve("greenlight.yaml")));
    for (String color : List.of("blue", "green")) {
      Path pidFile = work.resolve("run").resolve(color + ".pid");
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as(color + " app (pid " + pid + ")")
            .isFalse();
      }
    }
    List<String> demoApps =
        ProcessHandle.allProcesses()
            .map(p -> p.info().commandLine().orElse(""))
            .filter(
                c ->
                    c.contains("dev.greenlight.devstack.demoapp.DemoApp")
                        && (c.contains("--port " + bluePort + " ")
                            || c.contains("--port " + greenPort + " ")))
            .toList();
    assertThat(demoApps).as("demo apps still running").isEmpty();
    for (int port : List.of(temporalPort, proxyPort, bluePort, greenPort)) {
      assertThat(listening(port)).as("something still listens on port " + port).isFalse();
    }
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) return i;
    }
    return -1;
  }

  private static Map<String, String> demoEnv(Path file) throws IOException {
    Map<String, String> env = new java.util.HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (line.startsWith("#") || eq < 0) continue;
      env.put(line.substring(0, eq), line.substring(eq + 1).replace("'", ""));
    }
    return env;
  }

  private static int proxyPort(String spec) {
    Matcher m =
        Pattern.compile("router:\\s*\\n(?:\\s+.*\\n)*?\\s+url:\\s*http://127\\.0\\.0\\.1:(\\d+)")
            .matcher(spec);
    if (!m.find()) throw new AssertionError("no router.url in the demo spec:\n" + spec);
    return Integer.parseInt(m.group(1));
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
