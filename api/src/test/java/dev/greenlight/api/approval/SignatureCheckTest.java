package dev.greenlight.api.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures made by the real ssh-keygen, verified with the JDK's crypto. */
class SignatureCheckTest {
  @TempDir Path dir;

  private static final String MESSAGE =
      ApprovalMessage.of("shop-2.0.0-k3f9", "shop", "2.0.0", "alice");

  private List<AllowedSigner> signers(String text) {
    List<String> problems = new ArrayList<>();
    List<AllowedSigner> keys = AllowedSigners.parse(text, problems);
    assertThat(problems).isEmpty();
    return keys;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
  void aSignatureByTheApproversKeyOverThisReleaseIsVerified(String type) throws Exception {
    Path key = Keygen.generate(dir, type, "alice");
    List<AllowedSigner> signers = signers(Keygen.allowedSigner("alice", key) + "\n");

    SignatureCheck check =
        SignatureCheck.of("alice", Keygen.sign(key, MESSAGE), null, MESSAGE, signers);

    assertThat(check.refusal()).isNull();
    assertThat(check.verified()).isTrue();
    assertThat(check.fingerprint()).isEqualTo(Keygen.fingerprint(key));
    assertThat(check.keyType()).isEqualTo(Keygen.publicKey(key).split(" ")[0]).isIn(SshKey.TYPES);
  }

  @Test
  void eachRefusalSaysWhatWasWrong() throws Exception {
    Path alice = Keygen.generate(dir, "ed25519", "alice");
    Path mallory = Keygen.generate(dir, "ed25519", "mallory");
    List<AllowedSigner> signers =
        signers(
            "# approvers of the shop\n"
                + Keygen.allowedSigner("alice", alice)
                + "\n"
                + Keygen.allowedSigner("mallory", mallory)
                + "\n");

    assertThat(SignatureCheck.of("alice", null, null, MESSAGE, signers).refusal())
        .startsWith("missing signature");
    assertThat(SignatureCheck.of("alice", "  ", null, MESSAGE, signers).refusal())
        .startsWith("missing signature");

    String byMallory = Keygen.sign(mallory, MESSAGE);
    assertThat(SignatureCheck.of("alice", byMallory, null, MESSAGE, signers).refusal())
        .startsWith("unknown key for this approver: ssh-ed25519 SHA256:")
        .contains("is not listed for alice");
    assertThat(SignatureCheck.of("bob", byMallory, null, MESSAGE, signers).refusal())
        .isEqualTo("unknown key for this approver: approval.signers lists no key for bob");

    String other = ApprovalMessage.of("shop-1.9.0-ab12", "shop", "1.9.0", "alice");
    String overOther = Keygen.sign(alice, other);
    assertThat(SignatureCheck.of("alice", overOther, other, MESSAGE, signers).refusal())
        .isEqualTo("signature over another release: it approves 'shop-1.9.0-ab12', not this one");
    assertThat(SignatureCheck.of("alice", overOther, null, MESSAGE, signers).refusal())
        .startsWith("bad signature: it does not verify over this release's approval message");

    String git = Keygen.sign(alice, MESSAGE, "git");
    assertThat(SignatureCheck.of("alice", git, null, MESSAGE, signers).refusal())
        .startsWith("bad signature: made for the namespace 'git'");

    String good = Keygen.sign(alice, MESSAGE);
    assertThat(SignatureCheck.of("alice", good, null, MESSAGE, signers).verified()).isTrue();
    assertThat(SignatureCheck.of("alice", altered(good), null, MESSAGE, signers).refusal())
        .startsWith("bad signature");
    assertThat(SignatureCheck.of("alice", "hello", null, MESSAGE, signers).refusal())
        .startsWith("bad signature: not an SSH signature");
    // a signature pasted with its line breaks flattened to spaces still verifies
    assertThat(
            SignatureCheck.of("alice", good.replace('\n', ' '), null, MESSAGE, signers).verified())
        .isTrue();
  }

  /** The same signature with one bit of the signature value flipped. */
  static String altered(String armored) {
    String body =
        armored
            .replace(SshSignature.BEGIN, "")
            .replace(SshSignature.END, "")
            .replaceAll("\\s+", "");
    byte[] blob = java.util.Base64.getDecoder().decode(body);
    blob[blob.length - 5] ^= 1;
    return SshSignature.BEGIN
        + "\n"
        + java.util.Base64.getMimeEncoder(70, "\n".getBytes()).encodeToString(blob)
        + "\n"
        + SshSignature.END
        + "\n";
  }

  @Test
  void allowedSignersAcceptsGitsFormatAndNamesTheBadLine() throws Exception {
    Path alice = Keygen.generate(dir, "ed25519", "alice");
    String pub = Keygen.publicKey(alice);
    List<String> problems = new ArrayList<>();
    List<AllowedSigner> keys =
        AllowedSigners.parse(
            "alice@example.com,alice "
                + pub
                + "\n"
                + "bob namespaces=\"git,greenlight\" "
                + pub
                + "\n"
                + "carol namespaces=\"git\" "
                + pub
                + "\n"
                + "ops-* "
                + pub
                + "\n"
                + "dave ssh-dss AAAAB3NzaC1kc3M=\n"
                + "erin ssh-ed25519 AAAA!!!\n"
                + "frank cert-authority "
                + pub
                + "\n"
                + "just-a-name\n",
            problems);
    assertThat(keys).hasSize(3);
    assertThat(keys.get(0).signsFor("alice")).isTrue();
    assertThat(keys.get(0).signsFor("alice@example.com")).isTrue();
    assertThat(keys.get(1).signsFor("bob")).isTrue();
    assertThat(keys.get(2).signsFor("ops-anna")).isTrue();
    assertThat(keys.get(2).signsFor("dev-anna")).isFalse();
    assertThat(keys).noneMatch(k -> k.signsFor("carol")); // its namespaces leave greenlight out
    assertThat(problems)
        .containsExactly(
            "line 5: unsupported key type 'ssh-dss' (supported: ssh-ed25519,"
                + " ecdsa-sha2-nistp256, ssh-rsa)",
            "line 6: the key is not valid base64",
            "line 7: the option cert-authority is not supported (list each approver's plain"
                + " public key)",
            "line 8: expected 'principals keytype base64-key' (e.g. alice ssh-ed25519 AAAA...)");
  }
}
