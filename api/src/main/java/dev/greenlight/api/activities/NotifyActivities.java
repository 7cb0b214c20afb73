package dev.greenlight.api.activities;

import dev.greenlight.api.spec.notify.NotifyTarget;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Tells a webhook about a release's event. */
@ActivityInterface
public interface NotifyActivities {

  /**
   * POSTs {@code message} to the URL in the worker's environment variable {@code target.urlEnv}.
   *
   * @return a short detail for status, e.g. "HTTP 200"
   * @throws io.temporal.failure.ApplicationFailure non-retryable, type {@code NotifyUrlMissing},
   *     when the variable is not set or holds no http(s) URL; retryable for a refused connection, a
   *     timeout or an answer other than 2xx
   */
  @ActivityMethod
  String notify(NotifyTarget target, Notification message);
}
