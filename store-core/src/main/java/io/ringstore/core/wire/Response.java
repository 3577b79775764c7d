package io.ringstore.core.wire;

/** The answer to a {@link Request}; its frame carries the request id of the request. */
public sealed interface Response extends Message
    permits GetResponse,
        PutResponse,
        DeleteResponse,
        ErrorResponse,
        QuorumFailedResponse,
        RingResponse,
        ReplicaGetResponse,
        ReplicaPutResponse,
        Pong,
        PeerWelcome,
        GossipAck,
        ClusterStateResponse,
        NodeInfoResponse,
        AuthChallenge,
        AuthOk,
        MerkleTreeResponse,
        RangeSyncResponse,
        RepairStatus,
        ConditionalResponse,
        LockResponse,
        TransactionResponse,
        PaxosPromise,
        PaxosAccepted,
        PaxosStatesResponse {}
