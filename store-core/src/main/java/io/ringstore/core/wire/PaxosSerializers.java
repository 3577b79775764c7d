package io.ringstore.core.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written Kryo serializers for conditional writes and their Paxos rounds; same rules as {@link
 * ClientMessageSerializers}. A ballot is {@code varlong round | nodeId proposer}; an optional field
 * is preceded by a presence byte.
 */
final class PaxosSerializers {
  /**
   * The fewest bytes an acceptor entry takes: an empty key's length, a format and four empty fields
   * (format 1 has no fences).
   */
  private static final int ACCEPTOR_ENTRY_BYTES_MIN = 6;

  private PaxosSerializers() {}

  static void writeBallot(Output out, Ballot ballot) {
    out.writeVarLong(ballot.round(), true);
    WireFields.writeNodeId(out, ballot.proposer());
  }

  static Ballot readBallot(Input in, NodeIdCache nodeIds) {
    long round = in.readVarLong(true);
    if (round < 1 || round > Ballot.ROUND_MAX) {
      throw new MalformedFrameException(
          "a ballot's round is " + round + ", must be in [1, " + Ballot.ROUND_MAX + "]");
    }
    return new Ballot(round, WireFields.readNodeId(in, nodeIds));
  }

  static void writeNullableBallot(Output out, Ballot ballot) {
    out.writeBoolean(ballot != null);
    if (ballot != null) {
      writeBallot(out, ballot);
    }
  }

  static Ballot readNullableBallot(Input in, NodeIdCache nodeIds) {
    return WireFields.readBoolean(in, "ballot present") ? readBallot(in, nodeIds) : null;
  }

  static void writeNullableVersioned(Output out, Versioned version) {
    out.writeBoolean(version != null);
    if (version != null) {
      WireFields.writeVersioned(out, version);
    }
  }

  static Versioned readNullableVersioned(Input in, NodeIdCache nodeIds) {
    return WireFields.readBoolean(in, "version present")
        ? WireFields.readVersioned(in, nodeIds)
        : null;
  }

  /** Write ids: {@code varint count | count × varlong}. */
  static void writeWriteIds(Output out, long[] writeIds) {
    out.writeVarInt(writeIds.length, true);
    for (long writeId : writeIds) {
      out.writeVarLong(writeId, false);
    }
  }

  static long[] readWriteIds(Input in) {
    long[] writeIds = new long[WireFields.readCount(in, PaxosPropose.WRITE_IDS_MAX, 1, "writeIds")];
    for (int i = 0; i < writeIds.length; i++) {
      writeIds[i] = in.readVarLong(false);
    }
    return writeIds;
  }

  /** A fence: {@code string lock | varlong token}. */
  static void writeFence(Output out, String lock, long token) {
    WireFields.writeString(out, lock);
    out.writeVarLong(token, true);
  }

  static Fence readFence(Input in) {
    return new Fence(
        WireFields.readString(in, Fence.LOCK_NAME_BYTES_MAX, "fence lock"), in.readVarLong(true));
  }

  /** Fences: {@code varint count | count × fence}. */
  static void writeFences(Output out, Fences fences) {
    out.writeVarInt(fences.locks().length, true);
    for (int i = 0; i < fences.locks().length; i++) {
      writeFence(out, fences.locks()[i], fences.tokens()[i]);
    }
  }

  static Fences readFences(Input in) {
    int count = WireFields.readCount(in, Fences.LOCKS_MAX, 2, "fences");
    String[] locks = new String[count];
    long[] tokens = new long[count];
    for (int i = 0; i < count; i++) {
      Fence fence = readFence(in);
      locks[i] = fence.lock();
      tokens[i] = fence.token();
    }
    return new Fences(locks, tokens);
  }

  /**
   * An acceptor's state of a key, as it is stored: {@code byte format | nullable ballot promise |
   * nullable ballot accepted | nullable versioned accepted | write ids | fences (from format 2) |
   * nullable intent (format 3)}.
   */
  static void writeAcceptorState(Output out, AcceptorState state) {
    out.writeByte(AcceptorState.FORMAT);
    writeNullableBallot(out, state.promiseOrNull());
    writeNullableBallot(out, state.acceptedBallotOrNull());
    writeNullableVersioned(out, state.acceptedOrNull());
    writeWriteIds(out, state.writeIds());
    writeFences(out, state.fences());
    TransactionSerializers.writeNullableIntent(out, state.intentOrNull());
  }

  static AcceptorState readAcceptorState(Input in, NodeIdCache nodeIds) {
    byte format = in.readByte();
    if (format < AcceptorState.FORMAT_WITHOUT_FENCES || format > AcceptorState.FORMAT) {
      throw new MalformedFrameException(
          "Paxos acceptor state of format "
              + format
              + ", this build reads formats "
              + AcceptorState.FORMAT_WITHOUT_FENCES
              + " to "
              + AcceptorState.FORMAT);
    }
    Ballot promise = readNullableBallot(in, nodeIds);
    Ballot acceptedBallot = readNullableBallot(in, nodeIds);
    Versioned accepted = readNullableVersioned(in, nodeIds);
    if (acceptedBallot == null && accepted != null) {
      throw new MalformedFrameException("an accepted proposal without its ballot");
    }
    long[] writeIds = readWriteIds(in);
    Fences fences = format >= AcceptorState.FORMAT_WITHOUT_INTENT ? readFences(in) : Fences.NONE;
    Intent intent =
        format == AcceptorState.FORMAT ? TransactionSerializers.readNullableIntent(in) : null;
    return new AcceptorState(promise, acceptedBallot, accepted, writeIds, fences, intent);
  }

  /** Acceptor entries: {@code varint count | count × (bytes key | acceptor state)}. */
  private static void writeAcceptorEntries(Output out, List<AcceptorEntry> entries) {
    out.writeVarInt(entries.size(), true);
    for (AcceptorEntry entry : entries) {
      WireFields.writeBytes(out, entry.key());
      writeAcceptorState(out, entry.state());
    }
  }

  private static List<AcceptorEntry> readAcceptorEntries(Input in, NodeIdCache nodeIds) {
    int count =
        WireFields.readCount(in, WireLimits.SYNC_KEYS_MAX, ACCEPTOR_ENTRY_BYTES_MIN, "states");
    List<AcceptorEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] key = WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key");
      entries.add(new AcceptorEntry(key, readAcceptorState(in, nodeIds)));
    }
    return entries;
  }

  static void writeNullableFence(Output out, Fence fence) {
    out.writeBoolean(fence != null);
    if (fence != null) {
      writeFence(out, fence.lock(), fence.token());
    }
  }

  static Fence readNullableFence(Input in) {
    return WireFields.readBoolean(in, "fence present") ? readFence(in) : null;
  }

  /**
   * {@code bytes key | condition | expected clock | nullable bytes expectedValue | nullable bytes
   * newValue | nullable fence | varlong writeId | varint timeoutMillis}.
   */
  static final class ConditionalRequestSerializer extends Serializer<ConditionalRequest> {
    private static final ConditionalRequest.Condition[] CONDITIONS =
        ConditionalRequest.Condition.values();
    private final NodeIdCache nodeIds;

    ConditionalRequestSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, ConditionalRequest message) {
      WireFields.writeBytes(out, message.key());
      WireFields.writeEnum(out, message.condition());
      WireFields.writeClock(out, message.expectedClock());
      WireFields.writeNullableBytes(
          out, message.expectedValue(), WireLimits.VALUE_BYTES_MAX, "expectedValue");
      WireFields.writeNullableBytes(
          out, message.newValue(), WireLimits.VALUE_BYTES_MAX, "newValue");
      writeNullableFence(out, message.fenceOrNull());
      out.writeVarLong(message.writeId(), false);
      out.writeVarInt(message.timeoutMillis(), true);
    }

    @Override
    public ConditionalRequest read(Kryo kryo, Input in, Class<? extends ConditionalRequest> type) {
      return new ConditionalRequest(
          WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key"),
          WireFields.readEnum(in, CONDITIONS, "condition"),
          WireFields.readClock(in, nodeIds),
          WireFields.readNullableBytes(in, WireLimits.VALUE_BYTES_MAX, "expectedValue"),
          WireFields.readNullableBytes(in, WireLimits.VALUE_BYTES_MAX, "newValue"),
          readNullableFence(in),
          in.readVarLong(false),
          in.readVarInt(true));
    }
  }

  /** {@code boolean applied | nullable versioned current}. */
  static final class ConditionalResponseSerializer extends Serializer<ConditionalResponse> {
    private final NodeIdCache nodeIds;

    ConditionalResponseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, ConditionalResponse message) {
      out.writeBoolean(message.applied());
      writeNullableVersioned(out, message.currentOrNull());
    }

    @Override
    public ConditionalResponse read(
        Kryo kryo, Input in, Class<? extends ConditionalResponse> type) {
      return new ConditionalResponse(
          WireFields.readBoolean(in, "applied"), readNullableVersioned(in, nodeIds));
    }
  }

  /** {@code bytes key | ballot}. */
  static final class PrepareSerializer extends Serializer<PaxosPrepare> {
    private final NodeIdCache nodeIds;

    PrepareSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PaxosPrepare message) {
      WireFields.writeBytes(out, message.key());
      writeBallot(out, message.ballot());
    }

    @Override
    public PaxosPrepare read(Kryo kryo, Input in, Class<? extends PaxosPrepare> type) {
      return new PaxosPrepare(
          WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key"), readBallot(in, nodeIds));
    }
  }

  /**
   * {@code boolean promised | ballot promise | nullable ballot accepted | nullable versioned
   * accepted | write ids | fences | nullable intent | versions stored}.
   */
  static final class PromiseSerializer extends Serializer<PaxosPromise> {
    private final NodeIdCache nodeIds;

    PromiseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PaxosPromise message) {
      out.writeBoolean(message.promised());
      writeBallot(out, message.promise());
      writeNullableBallot(out, message.acceptedBallotOrNull());
      writeNullableVersioned(out, message.acceptedOrNull());
      writeWriteIds(out, message.writeIds());
      writeFences(out, message.fences());
      TransactionSerializers.writeNullableIntent(out, message.intentOrNull());
      WireFields.writeVersions(out, message.stored());
    }

    @Override
    public PaxosPromise read(Kryo kryo, Input in, Class<? extends PaxosPromise> type) {
      return new PaxosPromise(
          WireFields.readBoolean(in, "promised"),
          readBallot(in, nodeIds),
          readNullableBallot(in, nodeIds),
          readNullableVersioned(in, nodeIds),
          readWriteIds(in),
          readFences(in),
          TransactionSerializers.readNullableIntent(in),
          WireFields.readVersions(in, nodeIds));
    }
  }

  /**
   * {@code bytes key | ballot | nullable versioned proposal | write ids | fences | nullable
   * intent}.
   */
  static final class ProposeSerializer extends Serializer<PaxosPropose> {
    private final NodeIdCache nodeIds;

    ProposeSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PaxosPropose message) {
      WireFields.writeBytes(out, message.key());
      writeBallot(out, message.ballot());
      writeNullableVersioned(out, message.proposalOrNull());
      writeWriteIds(out, message.writeIds());
      writeFences(out, message.fences());
      TransactionSerializers.writeNullableIntent(out, message.intentOrNull());
    }

    @Override
    public PaxosPropose read(Kryo kryo, Input in, Class<? extends PaxosPropose> type) {
      return new PaxosPropose(
          WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key"),
          readBallot(in, nodeIds),
          readNullableVersioned(in, nodeIds),
          readWriteIds(in),
          readFences(in),
          TransactionSerializers.readNullableIntent(in));
    }
  }

  /** {@code boolean accepted | ballot promise}. */
  static final class AcceptedSerializer extends Serializer<PaxosAccepted> {
    private final NodeIdCache nodeIds;

    AcceptedSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PaxosAccepted message) {
      out.writeBoolean(message.accepted());
      writeBallot(out, message.promise());
    }

    @Override
    public PaxosAccepted read(Kryo kryo, Input in, Class<? extends PaxosAccepted> type) {
      return new PaxosAccepted(WireFields.readBoolean(in, "accepted"), readBallot(in, nodeIds));
    }
  }

  /** {@code bytes key | versioned version}. */
  static final class CommitSerializer extends Serializer<PaxosCommit> {
    private final NodeIdCache nodeIds;

    CommitSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PaxosCommit message) {
      WireFields.writeBytes(out, message.key());
      WireFields.writeVersioned(out, message.version());
    }

    @Override
    public PaxosCommit read(Kryo kryo, Input in, Class<? extends PaxosCommit> type) {
      return new PaxosCommit(
          WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key"),
          WireFields.readVersioned(in, nodeIds));
    }
  }

  /** {@code range}. */
  static final class StatesRequestSerializer extends Serializer<PaxosStatesRequest> {
    @Override
    public void write(Kryo kryo, Output out, PaxosStatesRequest message) {
      RepairSerializers.writeRange(out, message.range());
    }

    @Override
    public PaxosStatesRequest read(Kryo kryo, Input in, Class<? extends PaxosStatesRequest> type) {
      return new PaxosStatesRequest(RepairSerializers.readRange(in));
    }
  }

  /** {@code acceptor entries | bool truncated | long lastToken}. */
  static final class StatesResponseSerializer extends Serializer<PaxosStatesResponse> {
    private final NodeIdCache nodeIds;

    StatesResponseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PaxosStatesResponse message) {
      writeAcceptorEntries(out, message.states());
      out.writeBoolean(message.truncated());
      out.writeLong(message.lastToken());
    }

    @Override
    public PaxosStatesResponse read(
        Kryo kryo, Input in, Class<? extends PaxosStatesResponse> type) {
      List<AcceptorEntry> states = readAcceptorEntries(in, nodeIds);
      boolean truncated = WireFields.readBoolean(in, "truncated");
      return new PaxosStatesResponse(states, truncated, in.readLong());
    }
  }

  /** {@code acceptor entries}. */
  static final class StatesPushSerializer extends Serializer<PaxosStatesPush> {
    private final NodeIdCache nodeIds;

    StatesPushSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PaxosStatesPush message) {
      writeAcceptorEntries(out, message.states());
    }

    @Override
    public PaxosStatesPush read(Kryo kryo, Input in, Class<? extends PaxosStatesPush> type) {
      return new PaxosStatesPush(readAcceptorEntries(in, nodeIds));
    }
  }
}
