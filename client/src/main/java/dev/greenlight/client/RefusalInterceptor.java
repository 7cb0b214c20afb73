package dev.greenlight.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Gives a refusal that comes after the connection check (a key or certificate that reaches the
 * cluster but may not use this namespace, a key revoked meanwhile) the one line that says what to
 * fix: the status keeps its code ({@code PERMISSION_DENIED}, {@code UNAUTHENTICATED}) and gets
 * {@link #explain} as its description. The CLI prints that line and exits 5.
 */
final class RefusalInterceptor implements ClientInterceptor {
  private final ConnectionSettings settings;

  RefusalInterceptor(ConnectionSettings settings) {
    this.settings = settings;
  }

  /** True for the codes this interceptor explains. */
  static boolean isRefusal(Status.Code code) {
    return code == Status.Code.PERMISSION_DENIED || code == Status.Code.UNAUTHENTICATED;
  }

  /** The one line for a refusal with {@code code}; never quotes a secret. */
  static String explain(Status.Code code, ConnectionSettings settings) {
    String address = settings.address();
    if (code == Status.Code.UNAUTHENTICATED) {
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
    return "Temporal at "
        + address
        + " refused the request (permission denied): the credentials may not use namespace '"
        + settings.namespace()
        + "'; check --namespace, and --api-key (or "
        + ConnectionSettings.API_KEY_ENV
        + ") or the client certificate";
  }

  @Override
  public <Q, A> ClientCall<Q, A> interceptCall(
      MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<A> listener, Metadata headers) {
        super.start(
            new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onClose(Status status, Metadata trailers) {
                super.onClose(
                    isRefusal(status.getCode())
                        ? status.withDescription(explain(status.getCode(), settings))
                        : status,
                    trailers);
              }
            },
            headers);
      }
    };
  }
}
