/**
 * Who is in the cluster and who is alive (DESIGN.md, "Failure handling").
 *
 * <ul>
 *   <li>{@link io.ringstore.core.membership.GossipMembership} gossips each member's versioned state
 *       (generation, heartbeat, and an info with address, zone, weight, status and tokens) with a
 *       few random peers every round, builds the ring from the announced tokens, chooses this
 *       node's tokens once and keeps them in a {@link
 *       io.ringstore.core.membership.MembershipStore}, and judges every member UP, SUSPECT or DOWN;
 *       it serves other nodes' gossip as the {@link io.ringstore.core.membership.MembershipService}
 *       and the coordinator's ring and node states as a {@link
 *       io.ringstore.core.coordinator.RingView};
 *   <li>{@link io.ringstore.core.membership.GossipSettings} holds the round interval, fanout and
 *       the detector's thresholds; {@code MemberRecord} is what a node knows of one member;
 *   <li>{@code PhiAccrualDetector} turns heartbeat arrivals into a suspicion level (Hayashibara et
 *       al. 2004); {@link io.ringstore.core.membership.PeerEvidence} turns requests that fail or go
 *       unanswered into immediate suspicion, fed by the {@link
 *       io.ringstore.core.membership.ObservedTransport} decorator, which also bounds the requests
 *       in flight to each node;
 *   <li>{@link io.ringstore.core.membership.SeedTransport} reaches seeds by address before their
 *       ids are known.
 * </ul>
 */
package io.ringstore.core.membership;
