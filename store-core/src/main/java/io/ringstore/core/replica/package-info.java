/**
 * The replica side of the data path: what a node does when a coordinator (possibly itself) asks it
 * to read or store a version of a key.
 *
 * <ul>
 *   <li>{@link io.ringstore.core.replica.ReplicaService} serves {@code ReplicaGetRequest}, {@code
 *       ReplicaPutRequest} and {@code Ping} against the node's {@code StorageEngine}, on an
 *       injected storage executor, keeps {@code HintedPutRequest}s in the node's hint store ({@code
 *       io.ringstore.core.hints}), and turns every storage failure into a typed {@code
 *       ErrorResponse}.
 *   <li>{@link io.ringstore.core.replica.PaxosAcceptor} is the replica's part in the Paxos rounds
 *       of conditional writes (prepare, propose; a commit is a replica write), its state per key
 *       kept durably by {@link io.ringstore.core.replica.PaxosStore} in a storage engine of its
 *       own.
 * </ul>
 */
package io.ringstore.core.replica;
