package io.ringstore.client;

import io.ringstore.core.wire.Consistency;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-read settings: how many replicas must answer, and how long the whole read may take (fallbacks
 * to other replicas included). Immutable; start from {@link #defaults()}.
 */
public final class ReadOptions {
  private static final ReadOptions DEFAULTS = new ReadOptions(Consistency.nodeDefault(), null);

  private final Consistency consistency;
  private final Duration timeout;

  private ReadOptions(Consistency consistency, Duration timeout) {
    this.consistency = consistency;
    this.timeout = timeout;
  }

  /** The node's default consistency (R) and the client's default timeout. */
  public static ReadOptions defaults() {
    return DEFAULTS;
  }

  /** These options with another consistency. */
  public ReadOptions withConsistency(Consistency newConsistency) {
    return new ReadOptions(Objects.requireNonNull(newConsistency, "consistency"), timeout);
  }

  /**
   * These options with another timeout.
   *
   * @throws IllegalArgumentException if the timeout is not positive or exceeds {@link
   *     RingstoreClient#TIMEOUT_MAX}
   */
  public ReadOptions withTimeout(Duration newTimeout) {
    return new ReadOptions(consistency, RingstoreClient.checkTimeout("timeout", newTimeout));
  }

  /** How many replicas must answer. */
  public Consistency consistency() {
    return consistency;
  }

  /** The timeout, or empty for the client's default. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }
}
