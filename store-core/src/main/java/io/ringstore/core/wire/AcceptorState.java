package io.ringstore.core.wire;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.version.Versioned;
import java.util.Objects;

/**
 * What a Paxos acceptor remembers of one key, and its stored form (the acceptor keeps it in a
 * storage engine of its own, so it is as durable as the node's data).
 *
 * <p>Stored form: {@code byte format (3) | nullable ballot promise | nullable ballot accepted |
 * nullable versioned accepted | write ids | fences | nullable intent}, in the wire's encodings.
 * Format 1, written before fenced writes, has no fences nor intent; format 2, written before
 * transactions, no intent. Both are still read.
 *
 * @param promiseOrNull the highest ballot promised; null before the first prepare
 * @param acceptedBallotOrNull the ballot of the last proposal accepted; null before the first
 * @param writeIds the identities of the last writes applied up to that proposal, newest last
 * @param acceptedOrNull that proposal; null before the first, or for a proposal that the key has no
 *     version
 * @param fences the fences of that proposal
 * @param intentOrNull the intent of a transaction that proposal carries; null for none
 */
public record AcceptorState(
    Ballot promiseOrNull,
    Ballot acceptedBallotOrNull,
    Versioned acceptedOrNull,
    long[] writeIds,
    Fences fences,
    Intent intentOrNull) {
  /** An acceptor that has seen nothing of the key. */
  public static final AcceptorState EMPTY =
      new AcceptorState(null, null, null, new long[0], Fences.NONE, null);

  static final byte FORMAT = 3;

  static final byte FORMAT_WITHOUT_INTENT = 2;

  static final byte FORMAT_WITHOUT_FENCES = 1;

  public AcceptorState {
    if (acceptedBallotOrNull == null && acceptedOrNull != null) {
      throw new IllegalArgumentException("an accepted proposal needs its ballot");
    }
    Objects.requireNonNull(fences, "fences");
  }

  /** A state whose proposal carries no intent. */
  public AcceptorState(
      Ballot promiseOrNull,
      Ballot acceptedBallotOrNull,
      Versioned acceptedOrNull,
      long[] writeIds,
      Fences fences) {
    this(promiseOrNull, acceptedBallotOrNull, acceptedOrNull, writeIds, fences, null);
  }

  /** Whether the acceptor has promised or accepted nothing of the key. */
  public boolean isEmpty() {
    return promiseOrNull == null && acceptedBallotOrNull == null;
  }

  /** This state having promised {@code ballot}. */
  public AcceptorState promising(Ballot ballot) {
    return new AcceptorState(
        ballot, acceptedBallotOrNull, acceptedOrNull, writeIds, fences, intentOrNull);
  }

  /** This state having accepted {@code proposal} (whose ballot it also promises). */
  public AcceptorState accepting(PaxosPropose proposal) {
    return new AcceptorState(
        proposal.ballot(),
        proposal.ballot(),
        proposal.proposalOrNull(),
        proposal.writeIds(),
        proposal.fences(),
        proposal.intentOrNull());
  }

  /**
   * This state merged with {@code other}, another acceptor's state of the same key: the higher
   * promise, and the proposal accepted under the higher ballot (with its write ids, fences and
   * intent). An acceptor that took part in every round either took part in would be in this state,
   * so a key's new replica that merges the states of the replicas it replaces keeps every value
   * they chose.
   */
  public AcceptorState mergedWith(AcceptorState other) {
    Ballot promise = higher(promiseOrNull, other.promiseOrNull);
    boolean theirsAccepted =
        other.acceptedBallotOrNull != null
            && other.acceptedBallotOrNull.isAbove(acceptedBallotOrNull);
    AcceptorState accepted = theirsAccepted ? other : this;
    return new AcceptorState(
        higher(promise, accepted.acceptedBallotOrNull),
        accepted.acceptedBallotOrNull,
        accepted.acceptedOrNull,
        accepted.writeIds,
        accepted.fences,
        accepted.intentOrNull);
  }

  private static Ballot higher(Ballot a, Ballot b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }

  /** The stored form. */
  public byte[] encode() {
    Output out = new Output(64, -1);
    PaxosSerializers.writeAcceptorState(out, this);
    return out.toBytes();
  }

  /**
   * Reads a stored form.
   *
   * @throws IllegalArgumentException if the bytes are not one, naming what is wrong
   */
  public static AcceptorState decode(byte[] bytes) {
    Input in = new Input(bytes);
    try {
      AcceptorState state = PaxosSerializers.readAcceptorState(in, new NodeIdCache());
      if (in.position() != bytes.length) {
        throw new IllegalArgumentException(
            "Paxos acceptor state has " + (bytes.length - in.position()) + " bytes after its end");
      }
      return state;
    } catch (KryoException | MalformedFrameException e) {
      throw new IllegalArgumentException("Paxos acceptor state is malformed: " + e.getMessage(), e);
    }
  }
}
