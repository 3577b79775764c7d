/**
 * Anti-entropy: replicas compare the ranges they share by Merkle trees and stream the keys that
 * differ, both ways. {@link io.ringstore.core.repair.AntiEntropy} runs comparisons from this node
 * (periodically and on demand), {@link io.ringstore.core.repair.AntiEntropyReplica} answers a
 * peer's, and {@link io.ringstore.core.repair.MerkleTree} is what they compare.
 */
package io.ringstore.core.repair;
