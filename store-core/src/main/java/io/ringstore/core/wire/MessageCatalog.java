package io.ringstore.core.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one place that maps a message type id to its class and its serializer. The ids are the wire
 * contract: never change or reuse one; retire it and take a new one. Later issues add their
 * messages here, in their range:
 *
 * <pre>
 *   0-9     reserved, never assigned: Kryo's own ids (0 also its null marker, 1 its class-name
 *           marker), so a frame written by a plain Kryo can never pass for a message
 *  10-99    client requests and responses
 * 100-199   replica reads and writes between nodes
 * 200-299   membership: liveness probes, gossip, failure detection
 * 300-399   hinted handoff and repair (read repair, Merkle trees)
 * 400-499   Paxos (conditional writes) and locks
 * 500-599   transactions (two-phase commit)
 * 600-999   free for areas not yet planned
 * </pre>
 *
 * <p>Retired ids, never to be reused: 204 and 205 (the member list exchange that gossip replaced).
 *
 * <p>Every message gets a hand-written serializer with an explicit id, and Kryo runs with
 * registration required. The decoder looks a type id up only in this catalog's table, never in
 * Kryo's class resolver, so a frame cannot name a class to load or instantiate.
 */
public final class MessageCatalog {
  /** Highest type id that is reserved and never assigned. */
  public static final int TYPE_ID_RESERVED_MAX = 9;

  /** Highest type id the catalog may assign; larger ids are unknown by definition. */
  public static final int TYPE_ID_MAX = 999;

  /** One message type; its serializer is made per catalog, sharing the catalog's NodeIdCache. */
  private record Entry(
      int typeId, Class<? extends Message> type, Function<NodeIdCache, Serializer<?>> serializer) {}

  private static final List<Entry> ENTRIES =
      List.of(
          new Entry(
              10, GetRequest.class, nodeIds -> new ClientMessageSerializers.GetRequestSerializer()),
          new Entry(11, GetResponse.class, ClientMessageSerializers.GetResponseSerializer::new),
          new Entry(12, PutRequest.class, ClientMessageSerializers.PutRequestSerializer::new),
          new Entry(13, PutResponse.class, ClientMessageSerializers.PutResponseSerializer::new),
          new Entry(14, DeleteRequest.class, ClientMessageSerializers.DeleteRequestSerializer::new),
          new Entry(
              15, DeleteResponse.class, ClientMessageSerializers.DeleteResponseSerializer::new),
          new Entry(
              16,
              ErrorResponse.class,
              nodeIds -> new ClientMessageSerializers.ErrorResponseSerializer()),
          new Entry(
              17,
              QuorumFailedResponse.class,
              nodeIds -> new ClientMessageSerializers.QuorumFailedResponseSerializer()),
          new Entry(
              18,
              RingRequest.class,
              nodeIds -> new ClientMessageSerializers.RingRequestSerializer()),
          new Entry(19, RingResponse.class, ClientMessageSerializers.RingResponseSerializer::new),
          new Entry(
              100,
              ReplicaGetRequest.class,
              nodeIds -> new PeerMessageSerializers.ReplicaGetRequestSerializer()),
          new Entry(
              101,
              ReplicaGetResponse.class,
              PeerMessageSerializers.ReplicaGetResponseSerializer::new),
          new Entry(
              102,
              ReplicaPutRequest.class,
              PeerMessageSerializers.ReplicaPutRequestSerializer::new),
          new Entry(
              103,
              ReplicaPutResponse.class,
              nodeIds -> new PeerMessageSerializers.ReplicaPutResponseSerializer()),
          new Entry(
              104, HintedPutRequest.class, PeerMessageSerializers.HintedPutRequestSerializer::new),
          new Entry(
              300,
              MerkleTreeRequest.class,
              nodeIds -> new RepairSerializers.MerkleTreeRequestSerializer()),
          new Entry(
              301,
              MerkleTreeResponse.class,
              nodeIds -> new RepairSerializers.MerkleTreeResponseSerializer()),
          new Entry(
              302,
              RangeSyncRequest.class,
              nodeIds -> new RepairSerializers.RangeSyncRequestSerializer()),
          new Entry(
              303, RangeSyncResponse.class, RepairSerializers.RangeSyncResponseSerializer::new),
          new Entry(304, RangePushRequest.class, RepairSerializers.RangePushRequestSerializer::new),
          new Entry(
              24, RepairRequest.class, nodeIds -> new RepairSerializers.RepairRequestSerializer()),
          new Entry(
              25, RepairStatus.class, nodeIds -> new RepairSerializers.RepairStatusSerializer()),
          new Entry(
              26,
              DecommissionRequest.class,
              nodeIds -> new RepairSerializers.DecommissionRequestSerializer()),
          new Entry(
              27, RemoveNodeRequest.class, RepairSerializers.RemoveNodeRequestSerializer::new),
          new Entry(200, Ping.class, nodeIds -> new PeerMessageSerializers.PingSerializer()),
          new Entry(201, Pong.class, nodeIds -> new PeerMessageSerializers.PongSerializer()),
          new Entry(202, PeerHello.class, PeerMessageSerializers.PeerHelloSerializer::new),
          new Entry(203, PeerWelcome.class, PeerMessageSerializers.PeerWelcomeSerializer::new),
          new Entry(206, GossipSyn.class, GossipSerializers.SynSerializer::new),
          new Entry(207, GossipAck.class, GossipSerializers.AckSerializer::new),
          new Entry(208, GossipAck2.class, GossipSerializers.Ack2Serializer::new),
          new Entry(
              20,
              ClusterStateRequest.class,
              nodeIds -> new GossipSerializers.ClusterStateRequestSerializer()),
          new Entry(
              21,
              ClusterStateResponse.class,
              GossipSerializers.ClusterStateResponseSerializer::new),
          new Entry(
              22,
              NodeInfoRequest.class,
              nodeIds -> new ClientMessageSerializers.NodeInfoRequestSerializer()),
          new Entry(
              23,
              NodeInfoResponse.class,
              nodeIds -> new ClientMessageSerializers.NodeInfoResponseSerializer()),
          new Entry(
              30, AuthStart.class, nodeIds -> new ClientMessageSerializers.AuthStartSerializer()),
          new Entry(
              31,
              AuthChallenge.class,
              nodeIds -> new ClientMessageSerializers.AuthChallengeSerializer()),
          new Entry(
              32, AuthProof.class, nodeIds -> new ClientMessageSerializers.AuthProofSerializer()),
          new Entry(33, AuthOk.class, nodeIds -> new ClientMessageSerializers.AuthOkSerializer()),
          new Entry(
              40, ConditionalRequest.class, PaxosSerializers.ConditionalRequestSerializer::new),
          new Entry(
              41, ConditionalResponse.class, PaxosSerializers.ConditionalResponseSerializer::new),
          new Entry(42, LockRequest.class, nodeIds -> new LockSerializers.LockRequestSerializer()),
          new Entry(
              43, LockResponse.class, nodeIds -> new LockSerializers.LockResponseSerializer()),
          new Entry(
              44,
              TransactionRequest.class,
              TransactionSerializers.TransactionRequestSerializer::new),
          new Entry(
              45,
              TransactionResponse.class,
              nodeIds -> new TransactionSerializers.TransactionResponseSerializer()),
          new Entry(400, PaxosPrepare.class, PaxosSerializers.PrepareSerializer::new),
          new Entry(401, PaxosPromise.class, PaxosSerializers.PromiseSerializer::new),
          new Entry(402, PaxosPropose.class, PaxosSerializers.ProposeSerializer::new),
          new Entry(403, PaxosAccepted.class, PaxosSerializers.AcceptedSerializer::new),
          new Entry(404, PaxosCommit.class, PaxosSerializers.CommitSerializer::new),
          new Entry(
              405,
              PaxosStatesRequest.class,
              nodeIds -> new PaxosSerializers.StatesRequestSerializer()),
          new Entry(406, PaxosStatesResponse.class, PaxosSerializers.StatesResponseSerializer::new),
          new Entry(407, PaxosStatesPush.class, PaxosSerializers.StatesPushSerializer::new));

  private final Kryo kryo = new Kryo();
  private final NodeIdCache nodeIds = new NodeIdCache();
  private final Registration[] registrationByTypeId = new Registration[TYPE_ID_MAX + 1];

  /** A catalog with its own Kryo instance; like Kryo, use it from one thread only. */
  MessageCatalog() {
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    for (Entry entry : ENTRIES) {
      register(entry);
    }
  }

  private void register(Entry entry) {
    int typeId = entry.typeId();
    if (typeId <= TYPE_ID_RESERVED_MAX || typeId > TYPE_ID_MAX) {
      throw new IllegalStateException("type id " + typeId + " of " + entry.type() + " is reserved");
    }
    if (registrationByTypeId[typeId] != null) {
      throw new IllegalStateException("type id " + typeId + " is assigned twice");
    }
    registrationByTypeId[typeId] =
        kryo.register(entry.type(), entry.serializer().apply(nodeIds), typeId);
  }

  /** Every assigned type id and its message class, in id order: the wire contract. */
  public static SortedMap<Integer, Class<? extends Message>> typeIds() {
    SortedMap<Integer, Class<? extends Message>> ids = new TreeMap<>();
    for (Entry entry : ENTRIES) {
      ids.put(entry.typeId(), entry.type());
    }
    return Collections.unmodifiableSortedMap(ids);
  }

  Kryo kryo() {
    return kryo;
  }

  /** The registration for a type id read from the wire, or null if no message has that id. */
  Registration registrationOf(int typeId) {
    if (typeId < 0 || typeId > TYPE_ID_MAX) {
      return null;
    }
    return registrationByTypeId[typeId];
  }

  /** The registration of a message's class; throws IllegalArgumentException if not registered. */
  Registration registrationOf(Message message) {
    return kryo.getRegistration(message.getClass());
  }
}
