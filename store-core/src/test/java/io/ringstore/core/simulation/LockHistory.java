package io.ringstore.core.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * What the simulated lock clients did: every grant they were answered (with the moments that bound
 * its validity as the client judges it) and every fenced write they sent. Times are simulated
 * nanoseconds, the one true clock of a run.
 */
public final class LockHistory {
  /**
   * A grant as its holder saw it.
   *
   * @param lock the lock's name
   * @param token the grant's fencing token
   * @param leaseNanos the lease
   * @param sentNanos when the acquisition that was granted was sent
   * @param grantedNanos when the grant was answered
   */
  public static final class Grant {
    final String lock;
    final long token;
    final long leaseNanos;
    final long sentNanos;
    final long grantedNanos;
    long lastConfirmedSentNanos;
    long releaseSentNanos = Long.MAX_VALUE;

    Grant(String lock, long token, long leaseNanos, long sentNanos, long grantedNanos) {
      this.lock = lock;
      this.token = token;
      this.leaseNanos = leaseNanos;
      this.sentNanos = sentNanos;
      this.grantedNanos = grantedNanos;
      this.lastConfirmedSentNanos = sentNanos;
    }

    /** A renewal sent at {@code sentNanos} was answered RENEWED. */
    void renewed(long renewalSentNanos) {
      lastConfirmedSentNanos = Math.max(lastConfirmedSentNanos, renewalSentNanos);
    }

    /** The holder sent its release at {@code sentNanos}: it stops trusting the lease then. */
    void releasing(long releaseSent) {
      releaseSentNanos = Math.min(releaseSentNanos, releaseSent);
    }

    /**
     * When the holder stops trusting its lease: its release, or the trusted share of the lease
     * after the last request the store confirmed (the client library's rule, {@code Lease}).
     */
    long validUntilNanos() {
      long trusted = lastConfirmedSentNanos + leaseNanos * TRUSTED_PERCENT / 100;
      return Math.min(releaseSentNanos, trusted);
    }

    @Override
    public String toString() {
      return "grant of "
          + lock
          + " token "
          + token
          + " sent "
          + sentNanos
          + " granted "
          + grantedNanos
          + " valid until "
          + validUntilNanos();
    }
  }

  /**
   * A fenced write.
   *
   * @param id the operation's id in the event log
   * @param key the key written
   * @param token the fencing token it carried
   * @param invokeNanos when it was sent
   * @param completeNanos when its answer (or the client's deadline) came
   * @param applied true if answered applied, false if answered refused, null if unknown
   * @param grant the grant whose token it carried
   */
  public record FencedWrite(
      long id,
      String key,
      long token,
      long invokeNanos,
      long completeNanos,
      Boolean applied,
      Grant grant) {}

  /** The share of a lease a holder trusts, as the client library does. */
  static final long TRUSTED_PERCENT = 80;

  /** The rest: a grant that took longer than this share of the lease is renewed at once. */
  static final long MARGIN_PERCENT = 100 - TRUSTED_PERCENT;

  private final List<Grant> grants = new ArrayList<>();
  private final List<FencedWrite> fencedWrites = new ArrayList<>();

  Grant granted(String lock, long token, long leaseNanos, long sentNanos, long grantedNanos) {
    Grant grant = new Grant(lock, token, leaseNanos, sentNanos, grantedNanos);
    grants.add(grant);
    return grant;
  }

  void fencedWrite(FencedWrite write) {
    fencedWrites.add(write);
  }

  /** Every grant answered, in the order answered. */
  public List<Grant> grants() {
    return grants;
  }

  /** Every fenced write, in completion order. */
  public List<FencedWrite> fencedWrites() {
    return fencedWrites;
  }
}
