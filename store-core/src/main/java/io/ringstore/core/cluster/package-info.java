/**
 * Who is in the cluster. {@link io.ringstore.core.cluster.NodeId} names a physical node; {@link
 * io.ringstore.core.cluster.Member} describes one (address, zone, capacity weight); {@link
 * io.ringstore.core.cluster.HostPort} is an address as an operator writes it (seeds). Later the
 * membership view (member states, gossip versions) joins them here as immutable values.
 */
package io.ringstore.core.cluster;
