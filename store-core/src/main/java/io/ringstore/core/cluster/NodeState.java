package io.ringstore.core.cluster;

import java.util.List;

/**
 * What one node believes of another's liveness right now: a local, changing judgement, not part of
 * the gossiped membership. A coordinator and a client plan around it (DESIGN.md, "No stall").
 */
public enum NodeState {
  /** Heartbeats arrive and requests are answered. */
  UP,
  /**
   * Not convicted, but not to be waited on: its requests time out or its connection failed, or its
   * heartbeats are late. Asked last; cleared as soon as it answers again.
   */
  SUSPECT,
  /** The failure detector convicted it: its heartbeats stopped. Not asked until they resume. */
  DOWN;

  /**
   * Every state, healthiest first (the order replicas are asked in), shared: {@code values()}
   * copies its array on every call, and a coordinator orders replicas by state on every request.
   */
  public static final List<NodeState> HEALTHIEST_FIRST = List.of(values());
}
