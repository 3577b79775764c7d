package io.ringstore.core.coordinator;

import io.ringstore.core.ring.Ring;

/**
 * Where a coordinator finds the current ring. Each request plans against the one snapshot it reads
 * here, so a membership change mid-request cannot mix two rings. Production reads an atomic
 * reference that membership swaps; tests return a fixed ring.
 */
@FunctionalInterface
public interface RingView {
  /** The current snapshot; never null, possibly empty before the node joins a cluster. */
  Ring current();
}
