package io.ringstore.core.wire;

/**
 * A request one node sends to another: replica reads and writes, liveness probes, the hello that
 * names a connection's node, member list exchanges. A node accepts them only from cluster peers,
 * never from clients, since they bypass the quorum logic.
 */
public sealed interface PeerRequest extends Request
    permits ReplicaGetRequest,
        ReplicaPutRequest,
        HintedPutRequest,
        Ping,
        PeerHello,
        GossipSyn,
        GossipAck2,
        MerkleTreeRequest,
        RangeSyncRequest,
        RangePushRequest,
        PaxosPrepare,
        PaxosPropose,
        PaxosCommit,
        PaxosStatesRequest,
        PaxosStatesPush {}
