package io.ringstore.core.wire;

/**
 * Asks a node to decommission: hand each range it replicates to the nodes that replicate it once
 * the node is gone, then announce LEFT (see {@code RangeMovements}). Answered with the {@link
 * RepairStatus} of its streaming so far, or an error naming why it cannot leave (it is not a NORMAL
 * member, or the ring would keep fewer than N members); a node already leaving answers its status
 * again. What {@code ringstore decommission} sends.
 */
public record DecommissionRequest() implements ClientRequest {}
