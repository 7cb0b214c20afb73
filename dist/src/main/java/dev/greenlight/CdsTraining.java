package dev.greenlight;

import dev.greenlight.cli.GreenlightCli;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The training run of the class-data-sharing archive ({@code java -XX:ArchiveClassesAtExit=...}):
 * the operator commands a person runs most, against a Temporal test server in this JVM, so that the
 * archive holds the classes of a command that reaches Temporal and reads its answer. Needs
 * greenlight-devstack.jar (the test server) on the class path; the build runs it at package and
 * bin/greenlight when the archive is missing.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String temporal = "127.0.0.1:" + port;
    PrintStream out = System.out;
    PrintStream err = System.err;
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port)) {
      String[][] commands = {
        {"status", "cds-training-1-abcd", "--temporal", temporal},
        {"status", "cds-training-1-abcd", "--json", "--temporal", temporal},
        {"list", "--temporal", temporal},
        {"list", "--json", "--temporal", temporal},
        {"approve", "cds-training-1-abcd", "--as", "cds", "--temporal", temporal},
        {"app", "status", "cds-training", "--temporal", temporal},
        {"--version"},
      };
      // the commands' output is not the point: keep the build's log clean
      PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
      System.setOut(quiet);
      System.setErr(quiet);
      for (String[] command : commands) GreenlightCli.run(command);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    System.out.println("greenlight: CDS training done");
    System.exit(0);
  }
}
