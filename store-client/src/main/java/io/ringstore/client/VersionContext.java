package io.ringstore.client;

import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.ClockTokens;
import java.util.Objects;

/**
 * What a client read of a key's versions, to pass back with its next write of the key: the write
 * then supersedes every version the read returned instead of becoming a sibling of them. Opaque;
 * immutable and safe to share.
 *
 * <p><b>Pitfalls.</b> A context is only meaningful for the key it was read from.
 */
public final class VersionContext {
  private static final VersionContext EMPTY = new VersionContext(VectorClock.empty());

  private final VectorClock clock;

  VersionContext(VectorClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The context of a blind write: it supersedes nothing. */
  public static VersionContext empty() {
    return EMPTY;
  }

  /** Whether this context supersedes nothing (the key was never read, or had no versions). */
  public boolean isEmpty() {
    return clock.size() == 0;
  }

  VectorClock clock() {
    return clock;
  }

  /** This context as a printable token, for the command line; {@link #fromToken} reads it back. */
  public String token() {
    return ClockTokens.encode(clock);
  }

  /**
   * The context a {@link #token} names.
   *
   * @throws IllegalArgumentException if {@code token} is not one, saying so
   */
  public static VersionContext fromToken(String token) {
    return new VersionContext(ClockTokens.decode(token));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionContext other && clock.equals(other.clock);
  }

  @Override
  public int hashCode() {
    return clock.hashCode();
  }

  @Override
  public String toString() {
    return "VersionContext" + clock;
  }
}
