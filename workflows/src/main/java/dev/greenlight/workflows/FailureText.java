package dev.greenlight.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/** The words an operator reads for a failure: in a step's detail and in the outcome. */
final class FailureText {
  private FailureText() {}

  /** The operator-facing message inside an activity failure. */
  static String of(ActivityFailure f) {
    Throwable c = f.getCause();
    if (c instanceof ApplicationFailure a) return a.getOriginalMessage();
    if (c instanceof TimeoutFailure t)
      return "timed out ("
          + t.getTimeoutType().name().toLowerCase().replace("timeout_type_", "")
          + ")";
    if (c instanceof TemporalFailure t) return t.getOriginalMessage();
    return c == null ? f.getMessage() : c.getMessage();
  }

  /** Why the release ended, as a clause: the outcome continues it with "; traffic ...". */
  static String why(RuntimeException e) {
    String why;
    if (e instanceof StepFailure s) why = s.getMessage();
    else if (e instanceof ApprovalEnded a) why = a.getMessage();
    else if (e instanceof ActivityFailure a) why = of(a);
    else why = e.getMessage();
    return why != null && why.endsWith(".") ? why.substring(0, why.length() - 1) : why;
  }
}
