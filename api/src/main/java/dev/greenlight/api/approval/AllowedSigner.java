package dev.greenlight.api.approval;

import java.util.List;

/**
 * One key of an {@code approval.signers} file ({@code ssh-keygen}'s allowed-signers format, as git
 * uses for SSH signing): who may sign with it, and the key. Kept in the spec, so the keys a release
 * trusted are in its history.
 *
 * @param principals the names (patterns with {@code *}, {@code ?}, and {@code !} to exclude) the
 *     key signs for
 * @param keyType ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa
 * @param key the base64 key blob
 * @param line the line of the file it came from (1-based)
 */
public record AllowedSigner(List<String> principals, String keyType, String key, int line) {

  /** True when this key may sign for {@code approver} (OpenSSH's pattern-list rules). */
  public boolean signsFor(String approver) {
    if (approver == null) return false;
    boolean matched = false;
    for (String p : principals) {
      boolean negated = p.startsWith("!");
      if (glob(negated ? p.substring(1) : p, approver)) {
        if (negated) return false;
        matched = true;
      }
    }
    return matched;
  }

  /** The parsed key (the loader checked it parses). */
  public SshKey sshKey() {
    return SshKey.parse(keyType, key);
  }

  static boolean glob(String pattern, String s) {
    return glob(pattern, 0, s, 0);
  }

  private static boolean glob(String p, int i, String s, int j) {
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '*') {
        for (int k = j; k <= s.length(); k++) if (glob(p, i + 1, s, k)) return true;
        return false;
      }
      if (j >= s.length() || (c != '?' && c != s.charAt(j))) return false;
      i++;
      j++;
    }
    return j == s.length();
  }
}
