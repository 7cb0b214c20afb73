package dev.greenlight.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says in one line what to fix when Temporal turns us away: an unknown CA, a server-name mismatch,
 * a missing or refused client certificate, TLS on one side only, a refused API key. Never quotes a
 * secret: gRPC's messages carry no headers, and we add none.
 */
final class ConnectionFailures {
  private ConnectionFailures() {}

  /** The one-line explanation, or null when this is not a TLS or credentials problem. */
  static String explain(StatusRuntimeException e, ConnectionSettings settings) {
    String address = settings.address();
    String all = messages(e).toLowerCase(Locale.ROOT);
    boolean ssl = hasSsl(e);
    if (all.contains("pkix") || all.contains("unable to find valid certification path")) {
      return "TLS handshake with "
          + address
          + " failed: its certificate is not signed by a CA we trust; pass that CA with"
          + " --tls-ca-path (or "
          + ConnectionSettings.CA_ENV
          + ")";
    }
    if (all.contains("no subject alternative") || all.contains("no name matching")) {
      return "TLS handshake with "
          + address
          + " failed: its certificate is not for '"
          + settings.expectedServerName()
          + "'; set --tls-server-name (or "
          + ConnectionSettings.SERVER_NAME_ENV
          + ") to a name the certificate carries";
    }
    if (all.contains("not an ssl/tls record") || all.contains("unrecognized ssl message")) {
      return address
          + " does not speak TLS; turn TLS off (--tls=false, "
          + ConnectionSettings.TLS_ENV
          + "=false) or use the TLS port";
    }
    if (all.contains("certificate_required")
        || all.contains("no required ssl certificate was sent")) {
      return settings.hasClientCertificate()
          ? refusedCertificate(address)
          : missingCertificate(address);
    }
    if (all.contains("bad_certificate")
        || all.contains("unknown_ca")
        || all.contains("certificate_unknown")
        || all.contains("ssl certificate error")) {
      return refusedCertificate(address);
    }
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.PERMISSION_DENIED) {
      return RefusalInterceptor.explain(code, settings);
    }
    if (code == Status.Code.UNAUTHENTICATED || all.contains("http status code 401")) {
      return settings.hasApiKey()
          ? "Temporal at "
              + address
              + " refused the API key (unauthenticated); check --api-key (or "
              + ConnectionSettings.API_KEY_ENV
              + ")"
          : "Temporal at "
              + address
              + " wants credentials (unauthenticated); pass --api-key (or "
              + ConnectionSettings.API_KEY_ENV
              + ") or a client certificate";
    }
    if (settings.tls() && all.contains("http status code 400")) {
      // nginx answers a TLS client without an acceptable certificate with 400
      return settings.hasClientCertificate()
          ? refusedCertificate(address)
          : missingCertificate(address);
    }
    if (!settings.tls()
        && (all.contains("http status code 400")
            || all.contains("plain http request was sent to https port")
            || all.contains("http2 exception")
            || all.contains("network closed for unknown reason"))) {
      return "Temporal at "
          + address
          + " did not answer plaintext gRPC; if it needs TLS, pass --tls (or "
          + ConnectionSettings.TLS_ENV
          + "=true)";
    }
    if (ssl) {
      return "TLS handshake with "
          + address
          + " failed ("
          + firstLine(sslMessage(e))
          + "); check --tls-ca-path, --tls-cert-path, --tls-key-path and --tls-server-name";
    }
    return null;
  }

  private static String refusedCertificate(String address) {
    return "Temporal at "
        + address
        + " refused the client certificate; pass one its CA signed with --tls-cert-path and"
        + " --tls-key-path (or "
        + ConnectionSettings.CERT_ENV
        + ", "
        + ConnectionSettings.KEY_ENV
        + ")";
  }

  private static String missingCertificate(String address) {
    return "Temporal at "
        + address
        + " requires a client certificate; pass --tls-cert-path and --tls-key-path (or "
        + ConnectionSettings.CERT_ENV
        + ", "
        + ConnectionSettings.KEY_ENV
        + ")";
  }

  private static String messages(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
      if (t.getCause() == t) break;
    }
    return b.toString();
  }

  private static boolean hasSsl(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }

  private static String sslMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException && t.getMessage() != null) return t.getMessage();
      if (t.getCause() == t) break;
    }
    return "handshake failed";
  }

  static String firstLine(String s) {
    return s.lines().findFirst().orElse(s);
  }
}
