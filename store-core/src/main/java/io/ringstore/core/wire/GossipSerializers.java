package io.ringstore.core.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializers of the gossip messages and of the cluster state a node reports. Layouts:
 *
 * <pre>
 *   digest  = node id | varlong generation | varlong heartbeat
 *   info    = member | varint status | varlong version | varint tokens | tokens x int64
 *   state   = digest | bool has info | [info]
 *   GossipSyn  = varint n | n x digest
 *   GossipAck  = varint n | n x digest | varint m | m x state
 *   GossipAck2 = varint m | m x state
 *   ClusterStateResponse = varlong ring epoch | varint n | n x (member | varint status
 *                          | varint state | float64 phi | varlong generation | varlong heartbeat
 *                          | varint token count)
 * </pre>
 *
 * Every count is checked against its maximum and the bytes left before anything is allocated.
 */
final class GossipSerializers {
  /** Fewest bytes a digest takes: a 2-byte node id and two 1-byte varlongs. */
  private static final int DIGEST_BYTES_MIN = 2 + 1 + 1;

  /** Fewest bytes a state takes: a digest and the info flag. */
  private static final int STATE_BYTES_MIN = DIGEST_BYTES_MIN + 1;

  /** Fewest bytes a member view takes. */
  private static final int VIEW_BYTES_MIN = WireFields.MEMBER_BYTES_MIN + 1 + 1 + Double.BYTES + 3;

  private static final MemberStatus[] STATUSES = MemberStatus.values();
  private static final NodeState[] STATES = NodeState.values();

  private GossipSerializers() {}

  static void writeDigests(Output out, List<GossipDigest> digests) {
    out.writeVarInt(digests.size(), true);
    for (GossipDigest digest : digests) {
      WireFields.writeNodeId(out, digest.node());
      out.writeVarLong(digest.generation(), true);
      out.writeVarLong(digest.heartbeat(), true);
    }
  }

  static List<GossipDigest> readDigests(Input in, NodeIdCache nodeIds, String field) {
    int count = WireFields.readCount(in, WireLimits.RING_MEMBERS_MAX, DIGEST_BYTES_MIN, field);
    List<GossipDigest> digests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      NodeId node = WireFields.readNodeId(in, nodeIds);
      digests.add(new GossipDigest(node, in.readVarLong(true), in.readVarLong(true)));
    }
    return digests;
  }

  static void writeStates(Output out, List<GossipState> states) {
    out.writeVarInt(states.size(), true);
    for (GossipState state : states) {
      WireFields.writeNodeId(out, state.node());
      out.writeVarLong(state.generation(), true);
      out.writeVarLong(state.heartbeat(), true);
      out.writeBoolean(state.infoOrNull() != null);
      if (state.infoOrNull() != null) {
        writeInfo(out, state.infoOrNull());
      }
    }
  }

  static List<GossipState> readStates(Input in, NodeIdCache nodeIds) {
    int count =
        WireFields.readCount(in, WireLimits.RING_MEMBERS_MAX, STATE_BYTES_MIN, "gossip states");
    List<GossipState> states = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      NodeId node = WireFields.readNodeId(in, nodeIds);
      long generation = in.readVarLong(true);
      long heartbeat = in.readVarLong(true);
      GossipInfo info =
          WireFields.readBoolean(in, "gossip info flag") ? readInfo(in, nodeIds) : null;
      states.add(new GossipState(node, generation, heartbeat, info));
    }
    return states;
  }

  private static void writeInfo(Output out, GossipInfo info) {
    WireFields.writeMember(out, info.member());
    WireFields.writeEnum(out, info.status());
    out.writeVarLong(info.version(), true);
    out.writeVarInt(info.tokens().length, true);
    for (long token : info.tokens()) {
      out.writeLong(token);
    }
  }

  private static GossipInfo readInfo(Input in, NodeIdCache nodeIds) {
    Member member = WireFields.readMember(in, nodeIds);
    MemberStatus status = WireFields.readEnum(in, STATUSES, "member status");
    long version = in.readVarLong(true);
    int count =
        WireFields.readCount(in, WireLimits.RING_MEMBER_TOKENS_MAX, Long.BYTES, "member tokens");
    long[] tokens = new long[count];
    for (int i = 0; i < count; i++) {
      tokens[i] = in.readLong();
    }
    return new GossipInfo(member, status, version, tokens);
  }

  /** {@code digests}. */
  static final class SynSerializer extends Serializer<GossipSyn> {
    private final NodeIdCache nodeIds;

    SynSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, GossipSyn message) {
      writeDigests(out, message.digests());
    }

    @Override
    public GossipSyn read(Kryo kryo, Input in, Class<? extends GossipSyn> type) {
      return new GossipSyn(readDigests(in, nodeIds, "gossip digests"));
    }
  }

  /** {@code wanted | states}. */
  static final class AckSerializer extends Serializer<GossipAck> {
    private final NodeIdCache nodeIds;

    AckSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, GossipAck message) {
      writeDigests(out, message.wanted());
      writeStates(out, message.states());
    }

    @Override
    public GossipAck read(Kryo kryo, Input in, Class<? extends GossipAck> type) {
      List<GossipDigest> wanted = readDigests(in, nodeIds, "wanted gossip digests");
      return new GossipAck(wanted, readStates(in, nodeIds));
    }
  }

  /** {@code states}. */
  static final class Ack2Serializer extends Serializer<GossipAck2> {
    private final NodeIdCache nodeIds;

    Ack2Serializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, GossipAck2 message) {
      writeStates(out, message.states());
    }

    @Override
    public GossipAck2 read(Kryo kryo, Input in, Class<? extends GossipAck2> type) {
      return new GossipAck2(readStates(in, nodeIds));
    }
  }

  /** No fields. */
  static final class ClusterStateRequestSerializer extends Serializer<ClusterStateRequest> {
    @Override
    public void write(Kryo kryo, Output out, ClusterStateRequest message) {}

    @Override
    public ClusterStateRequest read(
        Kryo kryo, Input in, Class<? extends ClusterStateRequest> type) {
      return new ClusterStateRequest();
    }
  }

  /** {@code ring epoch | member views}. */
  static final class ClusterStateResponseSerializer extends Serializer<ClusterStateResponse> {
    private final NodeIdCache nodeIds;

    ClusterStateResponseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, ClusterStateResponse message) {
      out.writeVarLong(message.ringEpoch(), true);
      out.writeVarInt(message.members().size(), true);
      for (ClusterStateResponse.MemberView view : message.members()) {
        WireFields.writeMember(out, view.member());
        WireFields.writeEnum(out, view.status());
        WireFields.writeEnum(out, view.state());
        out.writeDouble(view.phi());
        out.writeVarLong(view.generation(), true);
        out.writeVarLong(view.heartbeat(), true);
        out.writeVarInt(view.tokenCount(), true);
      }
    }

    @Override
    public ClusterStateResponse read(
        Kryo kryo, Input in, Class<? extends ClusterStateResponse> type) {
      long epoch = in.readVarLong(true);
      int count =
          WireFields.readCount(in, WireLimits.RING_MEMBERS_MAX, VIEW_BYTES_MIN, "member views");
      List<ClusterStateResponse.MemberView> views = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        views.add(readView(in));
      }
      return new ClusterStateResponse(epoch, views);
    }

    private ClusterStateResponse.MemberView readView(Input in) {
      Member member = WireFields.readMember(in, nodeIds);
      MemberStatus status = WireFields.readEnum(in, STATUSES, "member status");
      NodeState state = WireFields.readEnum(in, STATES, "node state");
      double phi = in.readDouble();
      long generation = in.readVarLong(true);
      long heartbeat = in.readVarLong(true);
      int tokenCount = in.readVarInt(true);
      return new ClusterStateResponse.MemberView(
          member, status, state, phi, generation, heartbeat, tokenCount);
    }
  }
}
