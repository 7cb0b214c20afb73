package dev.greenlight.cli;

import dev.greenlight.client.cli.CodecOptions;
import dev.greenlight.client.codec.AesGcmPayloadCodec;
import dev.greenlight.client.codec.CodecKeys;
import dev.greenlight.client.codec.CodecServer;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code greenlight codec-server --port P [--ui-origin URL]}: the Temporal codec-server protocol
 * over Greenlight's payload codec, until stopped.
 */
@Command(
    name = "codec-server",
    description = {
      "Serves POST /encode and POST /decode (the Temporal codec-server protocol) with the keys of"
          + " --codec-key-file,",
      "so the Temporal UI and CLI show encrypted releases in the clear. Runs until stopped.",
      "Whoever reaches it can decrypt: it listens on loopback unless --bind says otherwise."
    })
final class CodecServerCommand extends OperatorCommand {
  @Option(names = "--port", required = true, paramLabel = "P", description = "Port to listen on.")
  int port;

  @Option(
      names = "--ui-origin",
      paramLabel = "URL",
      description =
          "The Temporal UI's origin (e.g. http://localhost:8233): its browser requests are allowed"
              + " (CORS); no other origin is.")
  String uiOrigin;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Mixin CodecOptions codec;

  @Override
  protected int run() throws Exception {
    if (port < 0 || port > 65535) throw usage("--port: " + port + " is not a port");
    if (uiOrigin != null && !uiOrigin.matches("https?://[^/\\s]+/?")) {
      throw usage("--ui-origin: '" + uiOrigin + "' is not an origin like http://localhost:8233");
    }
    CodecKeys keys =
        codec
            .codecKeys()
            .orElseThrow(
                () ->
                    usage("needs the keys: give " + CodecKeys.OPTION + " or set " + CodecKeys.ENV));
    CodecServer server;
    try {
      server =
          CodecServer.start(
              new InetSocketAddress(bind, port), new AesGcmPayloadCodec(keys), uiOrigin);
    } catch (BindException e) {
      throw usage("--port: cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "greenlight-codec-server-stop"));
    err()
        .println(
            "greenlight codec-server: http://"
                + bind
                + ":"
                + server.port()
                + " (POST /encode, /decode), encrypting with key '"
                + keys.encryptingId()
                + "'"
                + (uiOrigin == null ? "" : "; CORS for " + uiOrigin));
    err().flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
