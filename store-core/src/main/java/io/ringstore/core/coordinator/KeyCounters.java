package io.ringstore.core.coordinator;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Issues the counter of each version a coordinator writes (the version's event in its clock, see
 * {@link io.ringstore.core.version.VectorClock#successor}): never one this node gave another
 * version of the same key, in this life or an earlier one, and, while no other key shares the key's
 * slot, one above the last it gave that key, so that the key's events from this node run
 * contiguously and its clock entry stays one run.
 *
 * <p>A fixed table of counters, each shared by the keys whose hash lands on it; a slot's counter
 * only grows, so no two versions of one key get one counter. Every slot starts this life above
 * every counter of earlier lives ({@link WriteCounter}'s start, kept by durable reservations), and
 * every counter issued is reserved before it is returned. Keys sharing a slot interleave: each gets
 * a gap where the other wrote, which costs a run in its clock and nothing else. Lock-free: one
 * atomic update per write.
 */
final class KeyCounters {
  /** Slots by default: 512 KiB of counters. */
  static final int SLOTS_DEFAULT = 1 << 16;

  private final WriteCounter writeCounter;
  private final AtomicLongArray lasts;
  private final int mask;

  KeyCounters(WriteCounter writeCounter, int slotCount) {
    if (slotCount < 1 || Integer.bitCount(slotCount) != 1) {
      throw new IllegalArgumentException(
          "key counter slots " + slotCount + " must be a power of 2");
    }
    this.writeCounter = writeCounter;
    this.lasts = new AtomicLongArray(slotCount);
    this.mask = slotCount - 1;
    long start = writeCounter.next(0);
    for (int i = 0; i < slotCount; i++) {
      lasts.set(i, start);
    }
  }

  /**
   * The counter for a new version of {@code key} written with a context whose counter of this node
   * is {@code contextCounter}: above it, and above every counter this node gave the key.
   */
  long next(byte[] key, long contextCounter) {
    long counter =
        lasts.accumulateAndGet(
            slotOf(key), contextCounter, (last, context) -> Math.max(last, context) + 1);
    writeCounter.raiseTo(counter);
    return counter;
  }

  private int slotOf(byte[] key) {
    int hash = Arrays.hashCode(key);
    return (hash ^ (hash >>> 16)) & mask;
  }
}
