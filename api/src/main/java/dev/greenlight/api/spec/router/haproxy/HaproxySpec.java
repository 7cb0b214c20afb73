package dev.greenlight.api.spec.router.haproxy;

import dev.greenlight.api.spec.RouterSection;
import java.util.Map;

/**
 * Router type {@code haproxy}: spec key {@code router.haproxy}, the runtime API on the admin
 * socket.
 *
 * @param socket path of the admin socket
 * @param backend backend name
 * @param servers server name per color
 */
public record HaproxySpec(String socket, String backend, Map<String, String> servers)
    implements RouterSection {}
