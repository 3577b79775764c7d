/**
 * The replica side of the data path: what a node does when a coordinator (possibly itself) asks it
 * to read or store a version of a key.
 *
 * <ul>
 *   <li>{@link io.ringstore.core.replica.ReplicaService} serves {@code ReplicaGetRequest}, {@code
 *       ReplicaPutRequest} and {@code Ping} against the node's {@code StorageEngine}, on an
 *       injected storage executor, and turns every storage failure into a typed {@code
 *       ErrorResponse}.
 * </ul>
 *
 * <p>Later issues add hinted handoff (storing hints for absent replicas) and the replica half of
 * anti-entropy here.
 */
package io.ringstore.core.replica;
