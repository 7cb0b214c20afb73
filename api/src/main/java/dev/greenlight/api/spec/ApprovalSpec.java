package dev.greenlight.api.spec;

import dev.greenlight.api.approval.AllowedSigner;
import java.time.Duration;
import java.util.List;

/**
 * Who must approve the switch.
 *
 * @param approvers who may approve; empty means anyone but the initiator
 * @param required distinct approvers needed (default 1)
 * @param timeout no decision within it: TIMED_OUT, nothing switched (default 24h)
 * @param signersFile {@code approval.signers}: the allowed-signers file (absolute path), or null
 *     when approvals need no signature
 * @param signers the keys read from that file when the release started (so they are in its
 *     history), or null without {@code signers}; older histories carry neither
 */
public record ApprovalSpec(
    List<String> approvers,
    int required,
    Duration timeout,
    String signersFile,
    List<AllowedSigner> signers) {

  /** Approvals without signatures. */
  public ApprovalSpec(List<String> approvers, int required, Duration timeout) {
    this(approvers, required, timeout, null, null);
  }

  /** True when an approval counts only with a valid SSH signature. */
  public boolean signed() {
    return signers != null;
  }
}
