/**
 * The coordinator side of the data path: any node coordinates a read, write or delete of any key
 * against the key's N replicas (DESIGN.md, "Quorums").
 *
 * <ul>
 *   <li>{@link io.ringstore.core.coordinator.Coordinator} is the entry point: {@code get}, {@code
 *       put}, {@code delete}, each answering through a callback exactly once.
 *   <li>{@link io.ringstore.core.coordinator.CoordinatorContext} holds its dependencies: this
 *       node's id, the {@link io.ringstore.core.coordinator.RingView}, transport, clock, scheduler,
 *       {@link io.ringstore.core.coordinator.QuorumDefaults} and the vector clock bound.
 *   <li>Package-private: {@code QuorumPlan} resolves a request's consistency to R or W against the
 *       ring, refuses what can never succeed, and orders the replicas to ask (this node first; a
 *       read asks R at first, a write all N); {@code QuorumCoordination} is the per-request state
 *       machine (WAITING, SUCCEEDED, FAILED) driven by {@code CoordinationEvent}s, with {@code
 *       ReadCoordination} (reconciles answers into siblings) and {@code WriteCoordination} (counts
 *       acknowledgements) as its two kinds; {@code KeyCounters} (over {@code WriteCounter}) gives
 *       each new version an event no other version of its key has, and {@link
 *       io.ringstore.core.coordinator.NewClock} makes the version's clock from it.
 * </ul>
 *
 * <p>Nothing here touches a thread, socket or the system clock: the simulator drives the same
 * classes through an in-memory transport and manual time.
 */
package io.ringstore.core.coordinator;
