package io.ringstore.core.coordinator;

import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * A write (a value or a tombstone): send the version the coordinator built to every replica and
 * answer the client once W have acknowledged it.
 *
 * <p>A replica that answers {@code applied=false} found the version obsolete: it already holds this
 * version or one that supersedes it. That still counts as an acknowledgement, since the replica
 * holds something at least as new as what the client wrote, and W such replicas keep it durable
 * just the same.
 */
final class WriteCoordination extends QuorumCoordination {
  private final ReplicaPutRequest request;
  private final Response success;

  /**
   * @param success the client's response once W replicas acknowledged: {@code PutResponse} or
   *     {@code DeleteResponse} with the new version's clock
   */
  WriteCoordination(
      QuorumPlan.Ask plan,
      ReplicaPutRequest request,
      Response success,
      Consumer<Response> respond) {
    super(plan, respond);
    this.request = request;
    this.success = success;
  }

  @Override
  Request replicaRequest() {
    return request;
  }

  @Override
  boolean accept(int replica, Response response) {
    return response instanceof ReplicaPutResponse;
  }

  @Override
  Response successResponse() {
    return success;
  }
}
