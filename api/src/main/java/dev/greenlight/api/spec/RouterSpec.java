package dev.greenlight.api.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The load balancer in front of both colors.
 *
 * @param type haproxy, nginx, command or embedded (see {@link RouterTypes})
 * @param url the public entry point; switches are proven and the monitor probes through it
 * @param command settings for type command
 * @param haproxy settings for type haproxy
 * @param nginx settings for type nginx
 * @param embedded settings for type embedded
 * @param steps traffic share (percent) to the new color, in order; the last is 100
 * @param stepHold monitored hold at each step before the last
 * @param verifyResponses consecutive responses through {@code url} that must come from the new
 *     color after a switch (default 20)
 * @param verifyTimeout how long those may take (default 30s)
 * @param verify how a response names the color that sent it, or null to use {@code
 *     health.versionField} on {@code health.path}
 */
public record RouterSpec(
    String type,
    String url,
    CommandRouterSpec command,
    HaproxySpec haproxy,
    NginxSpec nginx,
    EmbeddedSpec embedded,
    List<Integer> steps,
    Duration stepHold,
    int verifyResponses,
    Duration verifyTimeout,
    VerifySpec verify) {

  /**
   * Spec key {@code router.verify}: what tells the colors apart in a response, when the health
   * answer's {@code versionField} cannot (e.g. a release of the version already live). Exactly one
   * of {@code field} and {@code header} is set.
   *
   * @param path what is requested, from each color directly and through {@code router.url}
   *     (default: {@code health.path})
   * @param field JSON field of the answer whose value differs between the colors, or null
   * @param header response header whose value differs between the colors (e.g. X-Color), or null
   */
  public record VerifySpec(String path, String field, String header) {}

  /**
   * Router type {@code command}.
   *
   * @param switchTo run to send all traffic to {@code ${COLOR}} (spec key {@code switch})
   * @param active prints one line, blue or green: the live color
   */
  public record CommandRouterSpec(Hook switchTo, Hook active) {}

  /**
   * Router type {@code haproxy}: the runtime API on the admin socket.
   *
   * @param socket path of the admin socket
   * @param backend backend name
   * @param servers server name per color
   */
  public record HaproxySpec(String socket, String backend, Map<String, String> servers) {}

  /**
   * Router type {@code nginx}: an upstream file rewritten and reloaded.
   *
   * @param upstreamFile the file holding the upstream block
   * @param upstream the upstream's name (default: the app name)
   * @param test command that checks the configuration
   * @param reload command that reloads nginx
   */
  public record NginxSpec(String upstreamFile, String upstream, Hook test, Hook reload) {}

  /**
   * Router type {@code embedded}: Greenlight's own reverse proxy.
   *
   * @param listen host:port the proxy listens on (default: from {@code url})
   * @param stateFile where the live color and weights are kept across restarts
   */
  public record EmbeddedSpec(String listen, String stateFile) {}
}
