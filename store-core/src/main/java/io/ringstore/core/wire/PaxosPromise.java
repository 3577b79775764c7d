package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;
import java.util.Objects;

/**
 * A replica's answer to a {@link PaxosPrepare}.
 *
 * @param promised whether it promised the ballot
 * @param promise the highest ballot it has promised now: the one asked for if it promised, the
 *     higher one that made it refuse otherwise
 * @param acceptedBallotOrNull the ballot of the last proposal it accepted for the key, or null
 * @param acceptedOrNull that proposal's version of the key; null if none, or if the proposal was
 *     that the key has no version
 * @param writeIds the identities of the last writes applied up to that proposal, newest last
 * @param fences the fences of that proposal
 * @param intentOrNull the transaction's intent that proposal carries; null for none
 * @param stored the versions of the key its storage holds (what commits applied), for a promise;
 *     empty for a refusal
 */
public record PaxosPromise(
    boolean promised,
    Ballot promise,
    Ballot acceptedBallotOrNull,
    Versioned acceptedOrNull,
    long[] writeIds,
    Fences fences,
    Intent intentOrNull,
    Versioned[] stored)
    implements Response {
  public PaxosPromise {
    Objects.requireNonNull(promise, "promise");
    if (acceptedBallotOrNull == null && acceptedOrNull != null) {
      throw new IllegalArgumentException("an accepted proposal needs its ballot");
    }
    MessageChecks.siblings(Objects.requireNonNull(stored, "stored"));
    PaxosPropose.checkWriteIds(writeIds);
    Objects.requireNonNull(fences, "fences");
  }

  /** A promise whose accepted proposal carries no intent. */
  public PaxosPromise(
      boolean promised,
      Ballot promise,
      Ballot acceptedBallotOrNull,
      Versioned acceptedOrNull,
      long[] writeIds,
      Fences fences,
      Versioned[] stored) {
    this(promised, promise, acceptedBallotOrNull, acceptedOrNull, writeIds, fences, null, stored);
  }

  /** A refusal: {@code promise} is the higher ballot already promised. */
  public static PaxosPromise refused(Ballot promise) {
    return new PaxosPromise(
        false, promise, null, null, new long[0], Fences.NONE, null, new Versioned[0]);
  }
}
