package io.ringstore.client;

import io.ringstore.core.wire.Consistency;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-write settings: how many replicas must acknowledge, and how long the whole write may take
 * (fallbacks to other replicas included). Immutable; start from {@link #defaults()}.
 */
public final class WriteOptions {
  private static final WriteOptions DEFAULTS = new WriteOptions(Consistency.nodeDefault(), null);

  private final Consistency consistency;
  private final Duration timeout;

  private WriteOptions(Consistency consistency, Duration timeout) {
    this.consistency = consistency;
    this.timeout = timeout;
  }

  /** The node's default consistency (W) and the client's default timeout. */
  public static WriteOptions defaults() {
    return DEFAULTS;
  }

  /** These options with another consistency. */
  public WriteOptions withConsistency(Consistency newConsistency) {
    return new WriteOptions(Objects.requireNonNull(newConsistency, "consistency"), timeout);
  }

  /**
   * These options with another timeout.
   *
   * @throws IllegalArgumentException if the timeout is not positive or exceeds {@link
   *     RingstoreClient#TIMEOUT_MAX}
   */
  public WriteOptions withTimeout(Duration newTimeout) {
    return new WriteOptions(consistency, RingstoreClient.checkTimeout("timeout", newTimeout));
  }

  /** How many replicas must acknowledge. */
  public Consistency consistency() {
    return consistency;
  }

  /** The timeout, or empty for the client's default. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }
}
