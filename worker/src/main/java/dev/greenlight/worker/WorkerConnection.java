package dev.greenlight.worker;

import picocli.CommandLine.Option;

/** The contract's connection options for the worker-side commands (worker, dev, demo). */
public final class WorkerConnection {
  @Option(names = "--temporal", paramLabel = "HOST:PORT", defaultValue = "${env:TEMPORAL_ADDRESS:-127.0.0.1:7233}",
      description = "Temporal frontend address (env TEMPORAL_ADDRESS, default ${DEFAULT-VALUE})")
  String address;

  @Option(names = "--namespace", paramLabel = "NS", defaultValue = "${env:TEMPORAL_NAMESPACE:-default}",
      description = "Temporal namespace (env TEMPORAL_NAMESPACE, default ${DEFAULT-VALUE})")
  String namespace;

  @Option(names = "--task-queue", paramLabel = "Q", defaultValue = "${env:GREENLIGHT_TASK_QUEUE:-greenlight}",
      description = "task queue (env GREENLIGHT_TASK_QUEUE, default ${DEFAULT-VALUE})")
  String taskQueue;

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  public String taskQueue() {
    return taskQueue;
  }
}
