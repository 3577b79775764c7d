package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;

/**
 * The answer to a {@link ConditionalRequest}.
 *
 * @param applied whether the write took effect (always false for a read)
 * @param currentOrNull the key's version after the operation: the one written if it applied (or,
 *     for a retry of a write that had applied, the version the register holds now), else the one
 *     that made the condition fail (a tombstone for a deleted key); null if the key was never
 *     written
 */
public record ConditionalResponse(boolean applied, Versioned currentOrNull) implements Response {
  /** The current value, or null for a key that has none (never written, or deleted). */
  public byte[] valueOrNull() {
    return currentOrNull == null || currentOrNull.isTombstone() ? null : currentOrNull.value();
  }
}
