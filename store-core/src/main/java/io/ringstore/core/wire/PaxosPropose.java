package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;
import java.util.Objects;

/**
 * Phase two of a Paxos round on one key: asks a replica to accept {@code proposalOrNull} as the
 * key's version under {@code ballot}. The answer is a {@link PaxosAccepted}. A null proposal says
 * the key has no version: a round that found none accepts that, so that no proposal under a lower
 * ballot can be chosen after it. {@code writeIds} are the identities of the last client writes
 * applied to the key up to this proposal, newest last, at most {@link #WRITE_IDS_MAX}: a retry of
 * one of them (or a copy the network delivered twice) is answered as applied instead of applying
 * again. {@code fences} are the highest fencing token of each lock that guarded a write to the key
 * up to this proposal ({@link Fences}). {@code intentOrNull} is the intent of a transaction that
 * holds the key ({@link Intent}), null for none.
 */
public record PaxosPropose(
    byte[] key,
    Ballot ballot,
    Versioned proposalOrNull,
    long[] writeIds,
    Fences fences,
    Intent intentOrNull)
    implements PeerRequest {
  public PaxosPropose {
    MessageChecks.key(key);
    Objects.requireNonNull(ballot, "ballot");
    if (proposalOrNull != null && !proposalOrNull.isTombstone()) {
      MessageChecks.value(proposalOrNull.value());
    }
    checkWriteIds(writeIds);
    Objects.requireNonNull(fences, "fences");
  }

  /** A proposal that carries no intent. */
  public PaxosPropose(
      byte[] key, Ballot ballot, Versioned proposalOrNull, long[] writeIds, Fences fences) {
    this(key, ballot, proposalOrNull, writeIds, fences, null);
  }

  /** The most write identities a key's Paxos state remembers. */
  public static final int WRITE_IDS_MAX = 64;

  static void checkWriteIds(long[] writeIds) {
    if (Objects.requireNonNull(writeIds, "writeIds").length > WRITE_IDS_MAX) {
      throw new IllegalArgumentException(
          writeIds.length + " write ids, at most " + WRITE_IDS_MAX + " are kept");
    }
  }
}
