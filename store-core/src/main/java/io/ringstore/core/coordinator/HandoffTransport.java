package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.List;

/**
 * The transport of one write under hinted handoff: each replica's request goes to the replica, or,
 * when the replica is believed DOWN, when the request fails, or when the replica answers with an
 * error other than a refusal of the request itself, to the next stand-in of the key's extended
 * preference list as a {@link HintedPutRequest} naming the replica (DeCandia et al., SOSP 2007,
 * section 4.6). Stand-ins are taken in ring order, each at most once per write, skipping those
 * believed DOWN; a stand-in that fails passes the hint to the next. The coordination above sees one
 * answer per replica, from the replica or from its stand-in: under {@link Handoff#SLOPPY} a
 * stand-in's acknowledgement is the replica's, under {@link Handoff#STRICT} it is a failure (the
 * hint is kept; the quorum does not count it). When no stand-in is left, the replica's own answer
 * or failure stands, and a replica believed DOWN is asked itself (the detector may be wrong, as
 * right after a partition heals).
 *
 * <p>One instance per write; answers may arrive on several threads, and only the choice of the next
 * stand-in is shared, under this object's monitor.
 */
final class HandoffTransport implements Transport {
  private final Transport network;
  private final List<Member> standIns;
  private final NodeStates states;
  private final boolean sloppy;
  private int nextStandIn;

  HandoffTransport(Transport network, List<Member> standIns, NodeStates states, Handoff handoff) {
    this.network = network;
    this.standIns = standIns;
    this.states = states;
    this.sloppy = handoff == Handoff.SLOPPY;
  }

  @Override
  public void send(NodeId replica, Request request, ResponseHandler handler) {
    ReplicaPutRequest put = (ReplicaPutRequest) request;
    if (states.stateOf(replica) == NodeState.DOWN) {
      NodeId standIn = nextStandIn();
      if (standIn != null) {
        // With every stand-in failed, the replica itself: the detector may be wrong.
        hint(standIn, replica, put, handler, () -> sendToReplica(replica, put, handler));
        return;
      }
    }
    sendToReplica(replica, put, handler);
  }

  private void sendToReplica(NodeId replica, ReplicaPutRequest put, ResponseHandler handler) {
    network.send(
        replica,
        put,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            NodeId standIn =
                response instanceof ErrorResponse error && error.code() != ErrorCode.BAD_REQUEST
                    ? nextStandIn()
                    : null;
            if (standIn == null) {
              handler.onResponse(response);
            } else {
              hint(standIn, replica, put, handler, () -> handler.onResponse(response));
            }
          }

          @Override
          public void onFailure(Throwable cause) {
            NodeId standIn = nextStandIn();
            if (standIn == null) {
              handler.onFailure(cause);
            } else {
              hint(standIn, replica, put, handler, () -> handler.onFailure(cause));
            }
          }
        });
  }

  /**
   * Sends {@code put} to {@code standIn} as a hint for {@code owner}, to the next stand-in if that
   * one fails; runs {@code exhausted} when none is left.
   */
  private void hint(
      NodeId standIn,
      NodeId owner,
      ReplicaPutRequest put,
      ResponseHandler handler,
      Runnable exhausted) {
    network.send(
        standIn,
        new HintedPutRequest(owner, put),
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            if (!(response instanceof ReplicaPutResponse)) {
              passOn();
            } else if (sloppy) {
              handler.onResponse(response);
            } else {
              handler.onFailure(
                  new IllegalStateException(
                      standIn
                          + " keeps a hint for "
                          + owner
                          + ", which a strict quorum does not count"));
            }
          }

          @Override
          public void onFailure(Throwable cause) {
            passOn();
          }

          private void passOn() {
            NodeId next = nextStandIn();
            if (next == null) {
              exhausted.run();
            } else {
              hint(next, owner, put, handler, exhausted);
            }
          }
        });
  }

  private synchronized NodeId nextStandIn() {
    while (nextStandIn < standIns.size()) {
      NodeId candidate = standIns.get(nextStandIn++).id();
      if (states.stateOf(candidate) != NodeState.DOWN) {
        return candidate;
      }
    }
    return null;
  }
}
