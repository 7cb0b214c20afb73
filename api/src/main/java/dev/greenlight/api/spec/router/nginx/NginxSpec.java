package dev.greenlight.api.spec.router.nginx;

import dev.greenlight.api.spec.Hook;
import dev.greenlight.api.spec.RouterSection;

/**
 * Router type {@code nginx}: spec key {@code router.nginx}, an upstream file rewritten and
 * reloaded.
 *
 * @param upstreamFile the file holding the upstream block
 * @param upstream the upstream's name (default: the app name)
 * @param test command that checks the configuration
 * @param reload command that reloads nginx
 */
public record NginxSpec(String upstreamFile, String upstream, Hook test, Hook reload)
    implements RouterSection {}
