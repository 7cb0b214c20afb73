package dev.greenlight.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.testkit.FreePort;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A closed connection leaves no network thread behind. A CLI command's JVM waits at exit for
 * threads that sit in native code (gRPC's shared event loop lingers a second after its last
 * channel): about 0.3 s of every command's wall time.
 */
class ConnectionThreadsTest {
  @Test
  void closingTheConnectionEndsItsNetworkThreads() throws Exception {
    int port = FreePort.find();
    // the server in a process of its own: every thread that appears here is the client's
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                TestServer.class.getName(),
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      awaitListening(port);
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      TemporalConnection connection =
          TemporalConnection.connect("127.0.0.1:" + port, "default", "greenlight");
      Set<String> opened = names(Thread.getAllStackTraces().keySet(), before);
      assertThat(opened).as("threads the connection started").isNotEmpty();

      connection.close();

      Set<String> left = names(Thread.getAllStackTraces().keySet(), before);
      assertThat(left).as("threads still alive right after close").isEmpty();
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        assertThat(System.nanoTime()).as("the test server listens").isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  private static Set<String> names(Set<Thread> now, Set<Thread> before) {
    return now.stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        // idle in Java code (parked), which a JVM does not wait for at exit: gRPC's destroyer
        // and callback executor, and netty's global executor (it ends itself after a second idle)
        .filter(
            n ->
                !n.startsWith("grpc-shared-destroyer")
                    && !n.startsWith("grpc-default-executor")
                    && !n.startsWith("globalEventExecutor"))
        .collect(Collectors.toSet());
  }
}
