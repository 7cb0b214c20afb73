package dev.greenlight.client.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenlight.api.approval.AllowedSigners;
import dev.greenlight.api.approval.SshSignature;
import dev.greenlight.api.model.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The approver's side of a signed approval: signing the approval message with {@code ssh-keygen -Y
 * sign -n greenlight} (so ssh-agent and hardware keys work as they do for git), reading a signature
 * made elsewhere, and the JSON for the Temporal UI's signal dialog.
 */
public final class SshSigner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SshSigner() {}

  /**
   * Signs {@code message} with the key at {@code key} (a private key, or a public one whose private
   * half is in ssh-agent). A passphrase prompt goes to the terminal, as with git.
   *
   * @throws IOException when ssh-keygen is missing or fails (its own words in the message)
   */
  public static String sign(Path key, String message) throws IOException {
    if (!Files.isRegularFile(key)) throw new IOException("--sign-key: no such file: " + key);
    List<String> cmd =
        List.of("ssh-keygen", "-q", "-Y", "sign", "-n", AllowedSigners.NAMESPACE, "-f", "" + key);
    Process p;
    try {
      p = new ProcessBuilder(cmd).start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run ssh-keygen (install openssh-client, or sign elsewhere and use"
              + " --signature-file): "
              + e.getMessage());
    }
    p.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("ssh-keygen -Y sign did not finish within 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while ssh-keygen was signing");
    }
    if (p.exitValue() != 0 || !out.contains(SshSignature.BEGIN)) {
      throw new IOException(
          "ssh-keygen -Y sign -n greenlight -f "
              + key
              + " failed"
              + (err.isEmpty() ? "" : ": " + err.lines().reduce((a, b) -> b).orElse(err)));
    }
    return out;
  }

  /** A signature file made by {@code ssh-keygen -Y sign -n greenlight}. */
  public static String readSignature(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("--signature-file: no such file: " + file);
    }
    if (Files.size(file) > Decision.SIGNATURE_MAX) {
      throw new IOException(
          "--signature-file: " + file + " is larger than an SSH signature can be");
    }
    return Files.readString(file);
  }

  /**
   * What ssh-keygen signed when it wrote {@code SIG} for a file {@code X} ({@code X.sig}): that
   * file's text, or null. Sent along, it lets a refusal say which release a signature approves.
   */
  public static String signedFileOf(Path signature) {
    String name = signature.getFileName().toString();
    if (!name.endsWith(".sig")) return null;
    Path data = signature.resolveSibling(name.substring(0, name.length() - 4));
    try {
      if (!Files.isRegularFile(data) || Files.size(data) > Decision.TEXT_MAX) return null;
      return Files.readString(data);
    } catch (IOException e) {
      return null;
    }
  }

  /** The JSON to paste into the Temporal UI's signal dialog for the signal {@code approve}. */
  public static String signalJson(Decision d) {
    ObjectNode o = JSON.createObjectNode();
    o.put("approver", d.approver());
    if (d.comment() != null) o.put("comment", d.comment());
    o.put("signature", d.signature());
    return o.toString();
  }
}
