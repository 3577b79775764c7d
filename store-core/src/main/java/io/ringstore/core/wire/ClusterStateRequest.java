package io.ringstore.core.wire;

/**
 * Asks a node what it believes of every member: status, liveness and phi. Answered with a {@link
 * ClusterStateResponse}; what {@code ringstore status} and the failover benchmark show.
 */
public record ClusterStateRequest() implements ClientRequest {}
