package io.ringstore.client;

import java.util.Objects;

/**
 * What a conditional write or a serial read found: whether the write applied, and the key's value
 * after it (the one written if it applied, the one that made the condition fail otherwise).
 *
 * @param applied whether the write took effect (always false for a serial read)
 * @param valueOrNull the key's current value; null if it has none (never written, or deleted)
 * @param context the current version, to pass to a {@code putIfVersion} or {@code deleteIfVersion};
 *     empty if the key was never written
 */
public record ConditionalResult(boolean applied, byte[] valueOrNull, VersionContext context) {
  public ConditionalResult {
    Objects.requireNonNull(context, "context");
  }
}
