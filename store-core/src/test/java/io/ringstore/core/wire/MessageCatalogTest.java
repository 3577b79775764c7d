package io.ringstore.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The type ids are the wire contract: pinned here, unique, in their ranges, complete. */
class MessageCatalogTest {
  @Test
  void typeIdsArePinned() {
    assertThat(MessageCatalog.typeIds())
        .isEqualTo(
            Map.ofEntries(
                Map.entry(10, GetRequest.class),
                Map.entry(11, GetResponse.class),
                Map.entry(12, PutRequest.class),
                Map.entry(13, PutResponse.class),
                Map.entry(14, DeleteRequest.class),
                Map.entry(15, DeleteResponse.class),
                Map.entry(16, ErrorResponse.class),
                Map.entry(17, QuorumFailedResponse.class),
                Map.entry(18, RingRequest.class),
                Map.entry(19, RingResponse.class),
                Map.entry(20, ClusterStateRequest.class),
                Map.entry(21, ClusterStateResponse.class),
                Map.entry(22, NodeInfoRequest.class),
                Map.entry(23, NodeInfoResponse.class),
                Map.entry(24, RepairRequest.class),
                Map.entry(25, RepairStatus.class),
                Map.entry(26, DecommissionRequest.class),
                Map.entry(27, RemoveNodeRequest.class),
                Map.entry(30, AuthStart.class),
                Map.entry(31, AuthChallenge.class),
                Map.entry(32, AuthProof.class),
                Map.entry(33, AuthOk.class),
                Map.entry(40, ConditionalRequest.class),
                Map.entry(41, ConditionalResponse.class),
                Map.entry(42, LockRequest.class),
                Map.entry(43, LockResponse.class),
                Map.entry(44, TransactionRequest.class),
                Map.entry(45, TransactionResponse.class),
                Map.entry(400, PaxosPrepare.class),
                Map.entry(401, PaxosPromise.class),
                Map.entry(402, PaxosPropose.class),
                Map.entry(403, PaxosAccepted.class),
                Map.entry(404, PaxosCommit.class),
                Map.entry(405, PaxosStatesRequest.class),
                Map.entry(406, PaxosStatesResponse.class),
                Map.entry(407, PaxosStatesPush.class),
                Map.entry(100, ReplicaGetRequest.class),
                Map.entry(101, ReplicaGetResponse.class),
                Map.entry(102, ReplicaPutRequest.class),
                Map.entry(104, HintedPutRequest.class),
                Map.entry(103, ReplicaPutResponse.class),
                Map.entry(300, MerkleTreeRequest.class),
                Map.entry(301, MerkleTreeResponse.class),
                Map.entry(302, RangeSyncRequest.class),
                Map.entry(303, RangeSyncResponse.class),
                Map.entry(304, RangePushRequest.class),
                Map.entry(200, Ping.class),
                Map.entry(201, Pong.class),
                Map.entry(202, PeerHello.class),
                Map.entry(203, PeerWelcome.class),
                Map.entry(206, GossipSyn.class),
                Map.entry(207, GossipAck.class),
                Map.entry(208, GossipAck2.class)));
  }

  @Test
  void everyMessageClassIsRegisteredOnce() {
    List<Class<?>> registered = new ArrayList<>(MessageCatalog.typeIds().values());

    assertThat(registered)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(leafClasses(Message.class));
  }

  @Test
  void idsAvoidTheReservedRangeAndStayBelowTheMaximum() {
    assertThat(MessageCatalog.typeIds().keySet())
        .allSatisfy(
            id ->
                assertThat(id)
                    .isGreaterThan(MessageCatalog.TYPE_ID_RESERVED_MAX)
                    .isLessThanOrEqualTo(MessageCatalog.TYPE_ID_MAX));
  }

  @Test
  void kryoRequiresRegistrationAndMapsEveryIdToItsClass() {
    MessageCatalog catalog = new MessageCatalog();

    assertThat(catalog.kryo().isRegistrationRequired()).isTrue();
    MessageCatalog.typeIds()
        .forEach(
            (id, type) -> {
              assertThat(catalog.registrationOf(id).getType()).isEqualTo(type);
              assertThat(catalog.kryo().getRegistration(type).getId()).isEqualTo(id);
            });
  }

  @Test
  void unassignedAndReservedIdsHaveNoRegistration() {
    MessageCatalog catalog = new MessageCatalog();

    for (int id = -1; id <= MessageCatalog.TYPE_ID_MAX + 1; id++) {
      if (!MessageCatalog.typeIds().containsKey(id)) {
        assertThat(catalog.registrationOf(id)).as("type id %d", id).isNull();
      }
    }
  }

  @Test
  void enumOrdinalsOnTheWireArePinned() {
    assertThat(Consistency.Level.values())
        .containsExactly(
            Consistency.Level.DEFAULT,
            Consistency.Level.ONE,
            Consistency.Level.QUORUM,
            Consistency.Level.ALL,
            Consistency.Level.EXPLICIT);
    assertThat(ErrorCode.values())
        .containsExactly(
            ErrorCode.BAD_REQUEST,
            ErrorCode.UNAVAILABLE,
            ErrorCode.OVERLOADED,
            ErrorCode.TIMEOUT,
            ErrorCode.PROTOCOL_ERROR,
            ErrorCode.INTERNAL,
            ErrorCode.UNAUTHENTICATED,
            ErrorCode.CONFLICT);
  }

  private static List<Class<?>> leafClasses(Class<?> sealed) {
    List<Class<?>> leaves = new ArrayList<>();
    for (Class<?> permitted : sealed.getPermittedSubclasses()) {
      if (permitted.isSealed()) {
        leaves.addAll(leafClasses(permitted));
      } else {
        leaves.add(permitted);
      }
    }
    return leaves;
  }
}
