package dev.greenlight.api.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * (A copy of testkit's SshKeys: testkit depends on api.) SSH keys made at test time by the real
 * {@code ssh-keygen} (openssh-client), and signatures it makes over a message, as an approver
 * would: {@code ssh-keygen -Y sign -n greenlight}.
 */
final class Keygen {
  private Keygen() {}

  /**
   * A new key pair without a passphrase in {@code dir}: {@code ed25519}, {@code ecdsa} (P-256) or
   * {@code rsa} (3072 bits). Returns the private key's path; the public one is beside it (.pub).
   */
  public static Path generate(Path dir, String type, String name) throws IOException {
    Path key = dir.resolve(name + "-" + type);
    List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", ""));
    if (type.equals("ecdsa")) cmd.addAll(List.of("-b", "256"));
    if (type.equals("rsa")) cmd.addAll(List.of("-b", "3072"));
    cmd.addAll(List.of("-C", name + "@test", "-f", key.toString()));
    run(cmd, null);
    return key;
  }

  /** The public key line ("ssh-ed25519 AAAA... comment"). */
  public static String publicKey(Path privateKey) throws IOException {
    return Files.readString(Path.of(privateKey + ".pub")).strip();
  }

  /** The allowed-signers line for {@code principal}. */
  public static String allowedSigner(String principal, Path privateKey) throws IOException {
    return principal + " " + publicKey(privateKey);
  }

  /** The armored signature of {@code message} by {@code privateKey} in {@code namespace}. */
  public static String sign(Path privateKey, String message, String namespace) throws IOException {
    return run(
        List.of("ssh-keygen", "-q", "-Y", "sign", "-n", namespace, "-f", privateKey.toString()),
        message);
  }

  /** The same in the {@code greenlight} namespace. */
  public static String sign(Path privateKey, String message) throws IOException {
    return sign(privateKey, message, "greenlight");
  }

  /** The key's fingerprint as {@code ssh-keygen -l} prints it (SHA256:...). */
  public static String fingerprint(Path privateKey) throws IOException {
    String line = run(List.of("ssh-keygen", "-l", "-f", privateKey + ".pub"), null);
    return line.split("\\s+")[1];
  }

  private static String run(List<String> cmd, String stdin) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + err);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }
}
