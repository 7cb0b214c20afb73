package dev.greenlight.client;

import dev.greenlight.api.spec.Durations;
import io.grpc.ClientInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where Greenlight's releases live: a Temporal frontend, a namespace and the task queue the workers
 * poll. {@link #connect} proves Temporal answers before anything else is tried, so an operator gets
 * one clear message instead of a hanging command.
 *
 * <p>Defaults come from {@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE} and {@code
 * GREENLIGHT_TASK_QUEUE}.
 */
public final class TemporalConnection implements AutoCloseable {
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";
  public static final String DEFAULT_TASK_QUEUE = "greenlight";
  public static final String ADDRESS_ENV = "TEMPORAL_ADDRESS";
  public static final String NAMESPACE_ENV = "TEMPORAL_NAMESPACE";
  public static final String TASK_QUEUE_ENV = "GREENLIGHT_TASK_QUEUE";

  /** The deadline of one call of the reachability check (the first; retries wait longer). */
  public static final Duration CHECK_TIMEOUT = ConnectionCheck.FIRST_ATTEMPT;

  /**
   * How long {@link #connect} keeps trying a server that is slow to answer before it says Temporal
   * is unreachable: a busy server is not a dead one. {@value #PATIENCE_ENV} or {@code
   * --connect-timeout} change it.
   */
  public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(30);

  public static final String PATIENCE_ENV = "GREENLIGHT_CONNECT_TIMEOUT";

  private final String address;
  private final String namespace;
  private final String taskQueue;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  /** False for a client lent to us (tests, an embedded stack): its owner closes it. */
  private final boolean owned;

  /** The channel's own network threads, when this connection made the channel; else null. */
  private final NetworkThreads threads;

  private TemporalConnection(
      String address,
      String namespace,
      String taskQueue,
      WorkflowServiceStubs stubs,
      WorkflowClient client,
      boolean owned,
      NetworkThreads threads) {
    this.address = address;
    this.namespace = namespace;
    this.taskQueue = taskQueue;
    this.stubs = stubs;
    this.client = client;
    this.owned = owned;
    this.threads = threads;
  }

  /** Connects with the env var defaults. */
  public static TemporalConnection fromEnvironment() {
    return connect(defaultAddress(), defaultNamespace(), defaultTaskQueue());
  }

  /**
   * Connects and proves that Temporal answers at {@code address} and knows {@code namespace}.
   *
   * @throws TemporalUnreachableException when it does not answer within {@link #defaultPatience}
   * @throws IllegalArgumentException when {@code address} is not HOST:PORT
   */
  public static TemporalConnection connect(String address, String namespace, String taskQueue) {
    return connect(ConnectionSettings.plain(address, namespace, taskQueue));
  }

  /**
   * Connects with {@code settings} (TLS, mTLS, API key, metadata, identity) and proves that
   * Temporal answers and knows the namespace. Every way of building a client goes through here.
   *
   * @throws TemporalUnreachableException when it does not answer, the TLS handshake fails or the
   *     credentials are refused; the message says which setting to fix, never a secret
   * @throws IllegalArgumentException when the address is not HOST:PORT
   */
  public static TemporalConnection connect(ConnectionSettings settings) {
    return connect(settings, defaultPatience());
  }

  /**
   * As {@link #connect(ConnectionSettings)}, waiting up to {@code patience} for a slow server (a
   * refused port or a TLS refusal fails at once).
   */
  public static TemporalConnection connect(ConnectionSettings settings, Duration patience) {
    String address = settings.address();
    requireHostPort(address);
    WorkflowServiceStubsOptions options;
    try {
      WorkflowServiceStubsOptions fromProfile = settings.profile().toWorkflowServiceStubsOptions();
      List<ClientInterceptor> interceptors = new ArrayList<>();
      if (fromProfile.getGrpcClientInterceptors() != null) {
        interceptors.addAll(fromProfile.getGrpcClientInterceptors());
      }
      interceptors.add(new RefusalInterceptor(settings));
      options =
          WorkflowServiceStubsOptions.newBuilder(fromProfile)
              .setTarget(address)
              .setGrpcClientInterceptors(interceptors)
              .build();
    } catch (RuntimeException e) {
      throw new TemporalUnreachableException(
          address,
          "cannot use the TLS settings for "
              + address
              + " ("
              + ConnectionFailures.firstLine(String.valueOf(e.getMessage()))
              + "); check --tls-cert-path, --tls-key-path and --tls-ca-path (PEM files)",
          e);
    }
    NetworkThreads threads = new NetworkThreads();
    WorkflowServiceStubs stubs;
    try {
      stubs = WorkflowServiceStubs.newServiceStubs(threads.apply(options));
    } catch (RuntimeException e) {
      threads.close();
      throw e;
    }
    try {
      check(stubs, settings, new ConnectionCheck(patience));
    } catch (RuntimeException e) {
      shutdown(stubs, threads);
      throw e;
    }
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(settings.namespace())
                .setIdentity(settings.identity())
                .build());
    return new TemporalConnection(
        address, settings.namespace(), settings.taskQueue(), stubs, client, true, threads);
  }

  /**
   * Wraps a client someone else owns (a test environment, the local stack); {@link #close} leaves
   * it open.
   */
  public static TemporalConnection using(WorkflowClient client, String taskQueue) {
    WorkflowServiceStubs stubs = client.getWorkflowServiceStubs();
    String target = stubs.getOptions().getTarget();
    return new TemporalConnection(
        target == null ? "in-process" : target,
        client.getOptions().getNamespace(),
        taskQueue,
        stubs,
        client,
        false,
        null);
  }

  /**
   * The same connection whose client converts payloads with {@code converter} (the payload codec of
   * {@code --codec-key-file}); everything else about the client stays as it was built. Closing
   * either closes the connection.
   */
  public TemporalConnection withDataConverter(DataConverter converter) {
    WorkflowClient coded =
        WorkflowClient.newInstance(
            stubs, client.getOptions().toBuilder().setDataConverter(converter).build());
    return new TemporalConnection(address, namespace, taskQueue, stubs, coded, owned, threads);
  }

  /** True when a Temporal frontend answers at {@code address} within {@code timeout}. */
  public static boolean answers(String address, Duration timeout) {
    requireHostPort(address);
    NetworkThreads threads = new NetworkThreads();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            threads.apply(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build()));
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    } finally {
      shutdown(stubs, threads);
    }
  }

  private static void check(
      WorkflowServiceStubs stubs, ConnectionSettings settings, ConnectionCheck patiently) {
    String address = settings.address();
    String namespace = settings.namespace();
    try {
      patiently.call(stubs, s -> s.getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
    } catch (StatusRuntimeException e) {
      String why = ConnectionFailures.explain(e, settings);
      throw new TemporalUnreachableException(
          address, why != null ? why : unreachable(address, e.getStatus(), patiently), e);
    }
    try {
      patiently.call(
          stubs,
          s ->
              s.describeNamespace(
                  DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build()));
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND) {
        throw new TemporalUnreachableException(
            address,
            "Temporal at "
                + address
                + " has no namespace '"
                + namespace
                + "'; create it, or choose another with --namespace or "
                + NAMESPACE_ENV,
            e);
      }
      // A key that may not describe the namespace may still run releases in it: the calls that
      // follow say so if it may not (RefusalInterceptor).
      if (code == Status.Code.PERMISSION_DENIED) return;
      String why = ConnectionFailures.explain(e, settings);
      if (why != null) throw new TemporalUnreachableException(address, why, e);
      if (code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.UNAVAILABLE) {
        throw new TemporalUnreachableException(
            address, unreachable(address, e.getStatus(), patiently), e);
      }
      // Other answers still prove the server is there.
    }
  }

  private static String unreachable(String address, Status status, ConnectionCheck patiently) {
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED && patiently.everConnected()) {
      return "Temporal at "
          + address
          + " accepted the connection but did not answer within "
          + patiently.patience().toSeconds()
          + "s; it may be overloaded: try again, or wait longer with --connect-timeout (or "
          + PATIENCE_ENV
          + ")";
    }
    return "Temporal is unreachable at "
        + address
        + " ("
        + describe(status, patiently.patience())
        + "); start one with `greenlight dev`, or point --temporal or "
        + ADDRESS_ENV
        + " at a running Temporal"
        + (status.getCode() == Status.Code.DEADLINE_EXCEEDED
            ? ", or wait longer with --connect-timeout"
            : "");
  }

  private static String describe(Status status, Duration patience) {
    return switch (status.getCode()) {
      case DEADLINE_EXCEEDED -> "no answer within " + patience.toSeconds() + "s";
      case UNAVAILABLE ->
          status.getCause() != null && status.getCause().getMessage() != null
              ? "unavailable: " + firstLine(status.getCause().getMessage())
              : "unavailable";
      default ->
          status.getCode().name().toLowerCase()
              + (status.getDescription() == null ? "" : ": " + firstLine(status.getDescription()));
    };
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse(s);
  }

  private static void requireHostPort(String address) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0
        || colon == address.length() - 1
        || !address.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "'" + address + "' is not HOST:PORT (e.g. " + DEFAULT_ADDRESS + ")");
    }
  }

  /** {@code TEMPORAL_ADDRESS}, else {@value #DEFAULT_ADDRESS}. */
  public static String defaultAddress() {
    return env(ADDRESS_ENV, DEFAULT_ADDRESS);
  }

  /** {@code TEMPORAL_NAMESPACE}, else {@value #DEFAULT_NAMESPACE}. */
  public static String defaultNamespace() {
    return env(NAMESPACE_ENV, DEFAULT_NAMESPACE);
  }

  /**
   * {@value #PATIENCE_ENV} (e.g. {@code 45s}, {@code 2m}), else {@link #DEFAULT_PATIENCE}.
   *
   * @throws IllegalArgumentException when the variable is not a duration
   */
  public static Duration defaultPatience() {
    String v = System.getenv(PATIENCE_ENV);
    return v == null || v.isBlank() ? DEFAULT_PATIENCE : patience(PATIENCE_ENV, v);
  }

  /**
   * Parses a connect timeout ({@code 30s}, {@code 2m}); at least one second.
   *
   * @throws IllegalArgumentException naming {@code what} when it is not one
   */
  public static Duration patience(String what, String text) {
    Duration d;
    try {
      d = Durations.parse(text.trim());
    } catch (RuntimeException e) {
      d = null;
    }
    if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          what + ": '" + text + "' is not a duration of at least 1s (e.g. 30s, 2m)");
    }
    return d;
  }

  /** {@code GREENLIGHT_TASK_QUEUE}, else {@value #DEFAULT_TASK_QUEUE}. */
  public static String defaultTaskQueue() {
    return env(TASK_QUEUE_ENV, DEFAULT_TASK_QUEUE);
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  public String taskQueue() {
    return taskQueue;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    if (owned) shutdown(stubs, threads);
  }

  private static void shutdown(WorkflowServiceStubs stubs, NetworkThreads threads) {
    stubs.shutdownNow();
    stubs.awaitTermination(2, TimeUnit.SECONDS);
    if (threads != null) threads.close();
  }
}
