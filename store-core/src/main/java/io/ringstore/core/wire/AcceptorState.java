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
 * <p>Stored form: {@code byte format (2) | nullable ballot promise | nullable ballot accepted |
 * nullable versioned accepted | write ids | fences}, in the wire's encodings. Format 1, written
 * before fenced writes, has no fences and is still read.
 *
 * @param promiseOrNull the highest ballot promised; null before the first prepare
 * @param acceptedBallotOrNull the ballot of the last proposal accepted; null before the first
 * @param writeIds the identities of the last writes applied up to that proposal, newest last
 * @param acceptedOrNull that proposal; null before the first, or for a proposal that the key has no
 *     version
 * @param fences the fences of that proposal
 */
public record AcceptorState(
    Ballot promiseOrNull,
    Ballot acceptedBallotOrNull,
    Versioned acceptedOrNull,
    long[] writeIds,
    Fences fences) {
  /** An acceptor that has seen nothing of the key. */
  public static final AcceptorState EMPTY =
      new AcceptorState(null, null, null, new long[0], Fences.NONE);

  private static final byte FORMAT = 2;

  private static final byte FORMAT_WITHOUT_FENCES = 1;

  public AcceptorState {
    if (acceptedBallotOrNull == null && acceptedOrNull != null) {
      throw new IllegalArgumentException("an accepted proposal needs its ballot");
    }
    Objects.requireNonNull(fences, "fences");
  }

  /** This state having promised {@code ballot}. */
  public AcceptorState promising(Ballot ballot) {
    return new AcceptorState(ballot, acceptedBallotOrNull, acceptedOrNull, writeIds, fences);
  }

  /**
   * This state having accepted {@code proposalOrNull} under {@code ballot} (which it also
   * promises).
   */
  public AcceptorState accepting(
      Ballot ballot, Versioned proposalOrNull, long[] writeIds, Fences fences) {
    return new AcceptorState(ballot, ballot, proposalOrNull, writeIds, fences);
  }

  /** The stored form. */
  public byte[] encode() {
    Output out = new Output(64, -1);
    out.writeByte(FORMAT);
    PaxosSerializers.writeNullableBallot(out, promiseOrNull);
    PaxosSerializers.writeNullableBallot(out, acceptedBallotOrNull);
    PaxosSerializers.writeNullableVersioned(out, acceptedOrNull);
    PaxosSerializers.writeWriteIds(out, writeIds);
    PaxosSerializers.writeFences(out, fences);
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
      byte format = in.readByte();
      if (format != FORMAT && format != FORMAT_WITHOUT_FENCES) {
        throw new IllegalArgumentException(
            "Paxos acceptor state of format "
                + format
                + ", this build reads formats "
                + FORMAT_WITHOUT_FENCES
                + " and "
                + FORMAT);
      }
      NodeIdCache nodeIds = new NodeIdCache();
      AcceptorState state =
          new AcceptorState(
              PaxosSerializers.readNullableBallot(in, nodeIds),
              PaxosSerializers.readNullableBallot(in, nodeIds),
              PaxosSerializers.readNullableVersioned(in, nodeIds),
              PaxosSerializers.readWriteIds(in),
              format == FORMAT ? PaxosSerializers.readFences(in) : Fences.NONE);
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
