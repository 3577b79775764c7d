package io.ringstore.core.wire;

/**
 * A request a client sends to any node, which coordinates it. These are the only requests a node
 * accepts on its client port.
 */
public sealed interface ClientRequest extends Request
    permits GetRequest,
        PutRequest,
        DeleteRequest,
        RingRequest,
        ClusterStateRequest,
        NodeInfoRequest,
        AuthStart,
        AuthProof,
        RepairRequest,
        DecommissionRequest,
        RemoveNodeRequest,
        ConditionalRequest,
        LockRequest,
        TransactionRequest {}
