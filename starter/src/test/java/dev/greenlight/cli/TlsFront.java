package dev.greenlight.cli;

import dev.greenlight.testkit.FreePort;
import dev.greenlight.testkit.NginxConf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real TLS-terminating gRPC proxy (Debian's nginx) in front of a plaintext Temporal, with
 * certificates made by openssl at test time: a CA, a server certificate for localhost and
 * 127.0.0.1, a client certificate that CA signed, and a client certificate from another CA.
 */
final class TlsFront implements AutoCloseable {
  /** The certificates and keys, in one temp dir. */
  record Pki(Path dir) {
    Path ca() {
      return dir.resolve("ca.pem");
    }

    Path serverCert() {
      return dir.resolve("server.pem");
    }

    Path serverKey() {
      return dir.resolve("server.key");
    }

    Path clientCert() {
      return dir.resolve("client.pem");
    }

    Path clientKey() {
      return dir.resolve("client.key");
    }

    Path rogueCert() {
      return dir.resolve("rogue-client.pem");
    }

    Path rogueKey() {
      return dir.resolve("rogue-client.key");
    }

    static Pki make(Path dir) throws IOException, InterruptedException {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
      Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
      ca(dir, "ca", "greenlight-test-ca");
      ca(dir, "rogue-ca", "someone-else-ca");
      signed(dir, "server", "localhost", "ca", "server.ext");
      signed(dir, "client", "greenlight-test-client", "ca", "client.ext");
      signed(dir, "rogue-client", "greenlight-test-client", "rogue-ca", "client.ext");
      return new Pki(dir);
    }

    private static void ca(Path dir, String name, String cn)
        throws IOException, InterruptedException {
      run(
          dir,
          "openssl",
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          name + ".key",
          "-out",
          name + ".pem",
          "-days",
          "2",
          "-subj",
          "/CN=" + cn);
    }

    private static void signed(Path dir, String name, String cn, String ca, String ext)
        throws IOException, InterruptedException {
      run(
          dir,
          "openssl",
          "req",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          name + ".key",
          "-out",
          name + ".csr",
          "-subj",
          "/CN=" + cn);
      run(
          dir,
          "openssl",
          "x509",
          "-req",
          "-in",
          name + ".csr",
          "-CA",
          ca + ".pem",
          "-CAkey",
          ca + ".key",
          "-CAcreateserial",
          "-out",
          name + ".pem",
          "-days",
          "2",
          "-extfile",
          ext);
    }
  }

  private final Process process;
  private final int port;

  private TlsFront(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts nginx on a free loopback port: TLS with the PKI's server certificate, gRPC to {@code
   * upstreamPort}.
   *
   * @param serverDirectives e.g. client certificate checks or an authorization check
   */
  static TlsFront start(Path dir, Pki pki, int upstreamPort, String serverDirectives)
      throws IOException, InterruptedException {
    int port = FreePort.find();
    Files.createDirectories(dir.resolve("tmp"));
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(
        conf,
        NginxConf.of(
            dir,
            1,
            256,
            "server {",
            "  listen 127.0.0.1:" + port + " ssl http2;",
            "  ssl_certificate " + pki.serverCert() + ";",
            "  ssl_certificate_key " + pki.serverKey() + ";",
            "  " + serverDirectives,
            "  location / {",
            "    grpc_pass grpc://127.0.0.1:" + upstreamPort + ";",
            "    grpc_read_timeout 300s;",
            "    grpc_send_timeout 300s;",
            "  }",
            "}"));
    List<String> command =
        new ArrayList<>(
            List.of(
                "nginx",
                "-p",
                dir.toString(),
                "-e",
                dir.resolve("error.log").toString(),
                "-c",
                conf.toString(),
                "-g",
                "daemon off;"));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        break;
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException(
              "nginx did not listen on "
                  + port
                  + ": "
                  + Files.readString(dir.resolve("nginx.out")));
        }
        Thread.sleep(50);
      }
    }
    return new TlsFront(p, port);
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.out").toFile())
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + ": " + Files.readString(dir.resolve("openssl.out")));
    }
  }
}
