package dev.greenlight.workflows;

import dev.greenlight.api.model.ReleaseState;

/** The approval wait ended without a switch (timeout). */
final class ApprovalEnded extends RuntimeException {
  final ReleaseState state;

  ApprovalEnded(ReleaseState state, String message) {
    super(message);
    this.state = state;
  }
}
