package io.ringstore.core.membership;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.wire.ClusterStateResponse;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GossipAck2;
import io.ringstore.core.wire.GossipSyn;
import io.ringstore.core.wire.Response;
import java.util.List;

/** Serves the membership requests other nodes and operators send. */
public interface MembershipService {
  /** The service of a node on a fixed ring: it gossips with no one and judges no one. */
  MembershipService FIXED_RING =
      new MembershipService() {
        @Override
        public Response syn(NodeId source, GossipSyn syn) {
          return refusal();
        }

        @Override
        public Response ack2(NodeId source, GossipAck2 ack2) {
          return refusal();
        }

        @Override
        public ClusterStateResponse clusterState() {
          return new ClusterStateResponse(0, List.of());
        }

        private Response refusal() {
          return ErrorResponse.of(
              ErrorCode.BAD_REQUEST, "this node runs on a fixed ring and does not gossip");
        }
      };

  /** Answers the first message of {@code source}'s gossip round with a {@code GossipAck}. */
  Response syn(NodeId source, GossipSyn syn);

  /** Merges the states {@code source} sent in the last message of its round. */
  Response ack2(NodeId source, GossipAck2 ack2);

  /** What this node believes of every member. */
  ClusterStateResponse clusterState();
}
