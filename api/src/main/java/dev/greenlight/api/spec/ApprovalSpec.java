package dev.greenlight.api.spec;

import java.time.Duration;
import java.util.List;

/**
 * Who must approve the switch.
 *
 * @param approvers who may approve; empty means anyone but the initiator
 * @param required distinct approvers needed (default 1)
 * @param timeout no decision within it: TIMED_OUT, nothing switched (default 24h)
 */
public record ApprovalSpec(List<String> approvers, int required, Duration timeout) {}
