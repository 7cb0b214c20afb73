package dev.greenlight.workflows;

/** A step that did not succeed, as the workflow decided it (carries the step's name). */
final class StepFailure extends RuntimeException {
  final String step;

  StepFailure(String step, String message) {
    super(message);
    this.step = step;
  }
}
