/**
 * Versions of a value and how they relate. {@link io.ringstore.core.version.VectorClock} records a
 * version's causal history exactly, as a dotted version vector whose entries may hold runs of
 * events with gaps (bounded: entries pruned oldest-first, the lowest gaps filled beyond eight
 * runs), and {@link io.ringstore.core.version.VectorClock#compare compares} two of them, answering
 * an {@link io.ringstore.core.version.Occurred}; {@link io.ringstore.core.version.Versioned} is a
 * value or a tombstone with its clock and write timestamp; {@link
 * io.ringstore.core.version.Siblings} keeps the versions of a key that no other supersedes, merges
 * their clocks into a write context and resolves them by last-write-wins when the client asks.
 */
package io.ringstore.core.version;
