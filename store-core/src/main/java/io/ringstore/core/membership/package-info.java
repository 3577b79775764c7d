/**
 * Who is in the cluster, for now: {@link io.ringstore.core.membership.Membership} exchanges full
 * member lists with every known member and every seed on a fixed interval, merges them (a union by
 * node id), and computes the ring from the members sorted by id; it serves other nodes' exchanges
 * as the {@link io.ringstore.core.membership.MembershipService} and the coordinator's ring as a
 * {@link io.ringstore.core.coordinator.RingView}. {@link
 * io.ringstore.core.membership.SeedTransport} reaches seeds by address before their ids are known.
 * Gossip with failure detection replaces the exchange in a later issue, behind the same interfaces.
 */
package io.ringstore.core.membership;
