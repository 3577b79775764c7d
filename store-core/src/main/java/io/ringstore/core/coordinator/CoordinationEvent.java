package io.ringstore.core.coordinator;

import io.ringstore.core.wire.Response;

/** What can happen to a request a coordinator is waiting on; see {@link QuorumCoordination}. */
sealed interface CoordinationEvent {
  /**
   * Replica number {@code replica} (its index in the plan) answered; whether the answer counts
   * toward the quorum is up to the coordination (an {@code ErrorResponse} never does).
   */
  record ReplicaAnswered(int replica, Response response) implements CoordinationEvent {}

  /** The transport gave up on replica number {@code replica}: refused, broken, too large. */
  record ReplicaFailed(int replica, String reason) implements CoordinationEvent {}

  /** The read fallback delay passed without the quorum: ask the replicas not asked yet. */
  record FallbackDue() implements CoordinationEvent {}

  /** The request's timeout ran out. */
  record DeadlinePassed() implements CoordinationEvent {}
}
