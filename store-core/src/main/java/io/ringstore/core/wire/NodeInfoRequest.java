package io.ringstore.core.wire;

/**
 * Asks a node about itself: identity, version, uptime, membership, storage and load. Answered with
 * a {@link NodeInfoResponse}; what {@code ringstore info} shows.
 */
public record NodeInfoRequest() implements ClientRequest {}
