package io.ringstore.core.wire;

/**
 * A liveness and round-trip probe between nodes; the peer echoes the time in a {@link Pong}.
 *
 * @param sentNanos the sender's monotonic clock when it sent the ping
 */
public record Ping(long sentNanos) implements PeerRequest {}
