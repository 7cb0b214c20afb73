package dev.greenlight.client;

import io.grpc.Metadata;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything needed to reach one Temporal: where (address, namespace, task queue), how (TLS, mTLS,
 * API key, gRPC metadata, all held in a temporal-envconfig {@link ClientConfigProfile}) and as whom
 * (the identity written into the history beside each command).
 *
 * <p>{@link #resolve} applies the Temporal CLI's precedence: flag &gt; environment ({@code
 * TEMPORAL_*}) &gt; TOML profile ({@code --profile} / {@code TEMPORAL_PROFILE} in {@code
 * TEMPORAL_CONFIG_FILE}) &gt; default. {@link #toString} never shows the API key.
 */
public record ConnectionSettings(
    String address,
    String namespace,
    String taskQueue,
    String identity,
    ClientConfigProfile profile) {

  public static final String TLS_ENV = "TEMPORAL_TLS";
  public static final String CERT_ENV = "TEMPORAL_TLS_CLIENT_CERT_PATH";
  public static final String KEY_ENV = "TEMPORAL_TLS_CLIENT_KEY_PATH";
  public static final String CA_ENV = "TEMPORAL_TLS_SERVER_CA_CERT_PATH";
  public static final String SERVER_NAME_ENV = "TEMPORAL_TLS_SERVER_NAME";
  public static final String API_KEY_ENV = "TEMPORAL_API_KEY";
  public static final String PROFILE_ENV = "TEMPORAL_PROFILE";
  public static final String CONFIG_FILE_ENV = "TEMPORAL_CONFIG_FILE";

  /**
   * What the command line said; {@code null} where it said nothing.
   *
   * @param grpcMeta {@code KEY=VALUE} entries (never null)
   */
  public record Flags(
      String address,
      String namespace,
      String taskQueue,
      Boolean tls,
      String certPath,
      String keyPath,
      String caPath,
      String serverName,
      Boolean disableHostVerification,
      String apiKey,
      List<String> grpcMeta,
      String profile,
      String identity) {

    /** Only where to connect: the rest from the environment, a profile or the defaults. */
    public static Flags of(String address, String namespace, String taskQueue) {
      return new Flags(
          address, namespace, taskQueue, null, null, null, null, null, null, null, List.of(), null,
          null);
    }
  }

  /** Address, namespace and task queue only; plaintext, the CLI's identity. */
  public static ConnectionSettings plain(String address, String namespace, String taskQueue) {
    return new ConnectionSettings(
        address,
        namespace,
        taskQueue,
        cliIdentity(),
        ClientConfigProfile.newBuilder().setAddress(address).setNamespace(namespace).build());
  }

  /**
   * Resolves the settings: flag &gt; {@code env} &gt; profile &gt; default.
   *
   * @param env the environment ({@code System.getenv()} outside tests)
   * @param defaultIdentity the identity when {@code --identity} is not given
   * @throws IllegalArgumentException naming the setting when one is unusable (a missing file, a
   *     profile that is not there, a malformed {@code --grpc-meta})
   */
  public static ConnectionSettings resolve(
      Flags flags, Map<String, String> env, String defaultIdentity) {
    ClientConfigProfile loaded = load(flags.profile(), env);
    ClientConfigProfile.Builder profile = loaded.toBuilder();

    String address =
        first(
            flags.address(),
            env.get(TemporalConnection.ADDRESS_ENV),
            loaded.getAddress(),
            TemporalConnection.DEFAULT_ADDRESS);
    String namespace =
        first(
            flags.namespace(),
            env.get(TemporalConnection.NAMESPACE_ENV),
            loaded.getNamespace(),
            TemporalConnection.DEFAULT_NAMESPACE);
    String taskQueue =
        first(
            flags.taskQueue(),
            env.get(TemporalConnection.TASK_QUEUE_ENV),
            TemporalConnection.DEFAULT_TASK_QUEUE);
    profile.setAddress(address).setNamespace(namespace);

    String apiKey = first(flags.apiKey(), env.get(API_KEY_ENV), loaded.getApiKey());
    profile.setApiKey(apiKey);

    ClientConfigTLS.Builder tls =
        loaded.getTls() == null ? ClientConfigTLS.newBuilder() : loaded.getTls().toBuilder();
    boolean tlsAsked = loaded.getTls() != null;
    String cert = first(flags.certPath(), env.get(CERT_ENV));
    String key = first(flags.keyPath(), env.get(KEY_ENV));
    String ca = first(flags.caPath(), env.get(CA_ENV));
    String serverName = first(flags.serverName(), env.get(SERVER_NAME_ENV));
    if (cert != null) tls.setClientCertPath(readable("--tls-cert-path", CERT_ENV, cert));
    if (key != null) tls.setClientKeyPath(readable("--tls-key-path", KEY_ENV, key));
    if (ca != null) tls.setServerCACertPath(readable("--tls-ca-path", CA_ENV, ca));
    if (serverName != null) tls.setServerName(serverName);
    if (Boolean.TRUE.equals(flags.disableHostVerification())) tls.setDisableHostVerification(true);
    tlsAsked |=
        cert != null
            || key != null
            || ca != null
            || serverName != null
            || Boolean.TRUE.equals(flags.disableHostVerification());

    Boolean tlsOn = flags.tls();
    if (tlsOn == null && env.get(TLS_ENV) != null && !env.get(TLS_ENV).isBlank()) {
      tlsOn = parseBoolean(TLS_ENV, env.get(TLS_ENV));
    }
    ClientConfigTLS built = tlsAsked ? tls.build() : null;
    if (tlsOn != null) {
      built = tls.setDisabled(!tlsOn).build();
    } else if (apiKey != null && (built == null || built.isDisabled() == null)) {
      // as in the Temporal CLI: an API key turns TLS on unless TLS is explicitly off
      built = tls.setDisabled(false).build();
    }
    profile.setTls(built);
    boolean on = built != null && !Boolean.TRUE.equals(built.isDisabled());
    if (on) {
      String certPath = built.getClientCertPath();
      String keyPath = built.getClientKeyPath();
      if ((certPath == null) != (keyPath == null)) {
        throw new IllegalArgumentException(
            certPath == null
                ? "--tls-key-path is set but --tls-cert-path (" + CERT_ENV + ") is not: give both"
                : "--tls-cert-path is set but --tls-key-path (" + KEY_ENV + ") is not: give both");
      }
    }

    Metadata metadata = new Metadata();
    if (loaded.getMetadata() != null) metadata.merge(loaded.getMetadata());
    for (String entry : flags.grpcMeta()) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--grpc-meta: '" + entry + "' is not KEY=VALUE (e.g. x-tenant=payments)");
      }
      metadata.put(
          Metadata.Key.of(
              entry.substring(0, eq).toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER),
          entry.substring(eq + 1));
    }
    profile.setMetadata(metadata.keys().isEmpty() ? null : metadata);

    String identity = first(flags.identity(), defaultIdentity);
    return new ConnectionSettings(address, namespace, taskQueue, identity, profile.build());
  }

  private static ClientConfigProfile load(String profileName, Map<String, String> env) {
    LoadClientConfigProfileOptions.Builder options =
        LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env);
    String name = first(profileName, env.get(PROFILE_ENV));
    if (name != null) options.setConfigFileProfile(name);
    String file = env.get(CONFIG_FILE_ENV);
    if (file != null && !file.isBlank()) {
      options.setConfigFilePath(readable("the config file", CONFIG_FILE_ENV, file.trim()));
    }
    try {
      return ClientConfigProfile.load(options.build());
    } catch (Exception e) {
      throw new IllegalArgumentException(
          (name == null ? "Temporal config" : "--profile " + name)
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage())),
          e);
    }
  }

  /** True when TLS is on (a flag, a variable, a profile or an API key turned it on). */
  public boolean tls() {
    ClientConfigTLS tls = profile.getTls();
    return tls != null && !Boolean.TRUE.equals(tls.isDisabled());
  }

  /** True when an API key is set (never the key itself). */
  public boolean hasApiKey() {
    return profile.getApiKey() != null && !profile.getApiKey().isEmpty();
  }

  /** True when a client certificate is configured. */
  public boolean hasClientCertificate() {
    ClientConfigTLS tls = profile.getTls();
    return tls != null && (tls.getClientCertPath() != null || tls.getClientCertData() != null);
  }

  /** The name the server's certificate must carry: the server name, else the address's host. */
  public String expectedServerName() {
    ClientConfigTLS tls = profile.getTls();
    if (tls != null && tls.getServerName() != null) return tls.getServerName();
    int colon = address.lastIndexOf(':');
    return colon > 0 ? address.substring(0, colon) : address;
  }

  /** {@code greenlight-cli:<user>@<host>}. */
  public static String cliIdentity() {
    return "greenlight-cli:" + System.getProperty("user.name", "unknown") + "@" + host();
  }

  /** {@code greenlight-worker:<host>:<pid>}. */
  public static String workerIdentity() {
    return "greenlight-worker:" + host() + ":" + ProcessHandle.current().pid();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String h = System.getenv("HOSTNAME");
      return h == null || h.isBlank() ? "unknown-host" : h;
    }
  }

  @Override
  public String toString() {
    return address
        + " (namespace "
        + namespace
        + ", task queue "
        + taskQueue
        + ", tls "
        + (tls() ? "on" : "off")
        + (hasClientCertificate() ? ", client certificate" : "")
        + (hasApiKey() ? ", API key set" : "")
        + ", identity "
        + identity
        + ")";
  }

  private static String readable(String option, String env, String file) {
    if (!Files.isReadable(Path.of(file))) {
      throw new IllegalArgumentException(option + " (or " + env + "): cannot read '" + file + "'");
    }
    return file;
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new IllegalArgumentException(name + ": '" + value + "' is not true or false");
    };
  }

  private static String first(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v.trim();
    return null;
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse(s);
  }
}
