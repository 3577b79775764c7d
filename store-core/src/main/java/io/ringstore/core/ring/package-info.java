/**
 * The consistent-hash ring.
 *
 * <ul>
 *   <li>{@link io.ringstore.core.ring.Partitioner} hashes key bytes to a 64-bit token; {@link
 *       io.ringstore.core.ring.Murmur3Partitioner} is the default.
 *   <li>{@link io.ringstore.core.ring.Ring} is an immutable, epoch-stamped snapshot of which member
 *       owns which virtual nodes; it answers preference-list lookups without allocating.
 *   <li>{@link io.ringstore.core.ring.PreferenceList} holds the N replicas of a token range
 *       (distinct nodes, distinct zones first) and the fallbacks a sloppy quorum uses.
 *   <li>{@link io.ringstore.core.ring.RingConfig} fixes N, virtual nodes per unit of weight and the
 *       fallback count.
 *   <li>Package-private: {@code TokenAllocator} places a joining member's tokens to keep ownership
 *       proportional to weight; {@code RingLayout} is the sorted token table; {@code
 *       PreferenceListBuilder} precomputes the lists; {@code TokenSpace} does circle arithmetic.
 * </ul>
 */
package io.ringstore.core.ring;
