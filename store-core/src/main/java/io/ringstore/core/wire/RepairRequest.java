package io.ringstore.core.wire;

/**
 * Asks a node about its anti-entropy repair and, if {@code start}, to start one over every range it
 * replicates (unless one is running). Answered with a {@link RepairStatus}; what {@code ringstore
 * repair} sends.
 */
public record RepairRequest(boolean start) implements ClientRequest {}
