package dev.greenlight.client;

import dev.greenlight.api.SearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether a namespace has Greenlight's Keyword search attributes ({@link SearchAttributes}). A
 * release upserts them only when they exist: an upsert of an unknown attribute would wedge the
 * workflow task. Servers that cannot list them (the Java test server) count as "no".
 */
public final class SearchAttributeSupport {
  private SearchAttributeSupport() {}

  /**
   * Asks the operator service of the server behind {@code stubs}.
   *
   * @throws StatusRuntimeException UNAVAILABLE when the server does not answer
   */
  public static boolean present(WorkflowServiceStubs stubs, String namespace) {
    // Same channel and headers as the workflow service; the channel stays the workflow stubs' to
    // close.
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(stubs.getOptions())
                .setChannel(stubs.getRawChannel())
                .build());
    try {
      ListSearchAttributesResponse res =
          operator
              .blockingStub()
              .withDeadlineAfter(TemporalConnection.CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      return complete(res.getCustomAttributesMap());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) throw e;
      return false; // unimplemented (test server), not allowed, ...: do without
    } finally {
      operator.shutdown();
    }
  }

  /** True when every Greenlight attribute is registered, as a Keyword. */
  public static boolean complete(Map<String, IndexedValueType> custom) {
    for (SearchAttributeKey<String> key : SearchAttributes.ALL) {
      if (custom.get(key.getName()) != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) return false;
    }
    return true;
  }
}
