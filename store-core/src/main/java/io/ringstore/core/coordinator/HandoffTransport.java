package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
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
 * <p>A replica that stays silent (a paused process, a cut link the transport does not notice) is
 * handed off too: when it has not answered within {@code handOffAfterNanos} (half the write's
 * timeout), the next stand-in gets the hint while the replica's answer is still awaited. Whichever
 * succeeds first is the coordination's answer for that replica; a late failure of the replica is
 * ignored once its stand-in holds the hint, and the replica's own failure stands only if no
 * stand-in took it.
 *
 * <p>One instance per write; answers may arrive on several threads, and only the choice of the next
 * stand-in is shared, under this object's monitor.
 */
final class HandoffTransport implements Transport {
  private final Transport network;
  private final List<Member> standIns;
  private final NodeStates states;
  private final boolean sloppy;
  private final Scheduler scheduler;
  private final long handOffAfterNanos;

  /** Stands for the silence timer while the first send arms it. */
  private static final Scheduler.Cancellable ARMING = () -> {};

  private final List<Silence> awaited = new ArrayList<>();
  private Scheduler.Cancellable silenceTimer;
  private int nextStandIn;

  /** A replica's request whose answer has not come yet. */
  private record Silence(NodeId replica, ReplicaPutRequest put, OneAnswer answer) {}

  /**
   * @param handOffAfterNanos how long a replica may stay silent before its stand-in gets the hint
   */
  HandoffTransport(
      Transport network,
      List<Member> standIns,
      NodeStates states,
      Handoff handoff,
      Scheduler scheduler,
      long handOffAfterNanos) {
    this.network = network;
    this.standIns = standIns;
    this.states = states;
    this.sloppy = handoff == Handoff.SLOPPY;
    this.scheduler = scheduler;
    this.handOffAfterNanos = handOffAfterNanos;
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
    OneAnswer answer = new OneAnswer(handler);
    Silence silence = new Silence(replica, put, answer);
    await(silence);
    network.send(
        replica,
        put,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            heard(silence);
            boolean failed =
                response instanceof ErrorResponse error && error.code() != ErrorCode.BAD_REQUEST;
            if (!failed) {
              answer.onResponse(response);
            } else if (!answer.failedAfterHandOff()) {
              handOffOrElse(replica, put, answer, () -> answer.onResponse(response));
            }
          }

          @Override
          public void onFailure(Throwable cause) {
            heard(silence);
            if (!answer.failedAfterHandOff()) {
              handOffOrElse(replica, put, answer, () -> answer.onFailure(cause));
            }
          }
        });
  }

  /**
   * Waits for {@code silence}'s answer; the first replica asked arms the write's one silence timer,
   * which the last answer cancels.
   */
  private void await(Silence silence) {
    boolean arm;
    synchronized (this) {
      awaited.add(silence);
      arm = silenceTimer == null;
      if (arm) {
        silenceTimer = ARMING;
      }
    }
    if (arm) {
      Scheduler.Cancellable timer = scheduler.schedule(handOffAfterNanos, this::handOffSilent);
      synchronized (this) {
        if (awaited.isEmpty()) {
          timer.cancel();
        } else {
          silenceTimer = timer;
        }
      }
    }
  }

  private void heard(Silence silence) {
    Scheduler.Cancellable timer = null;
    synchronized (this) {
      awaited.remove(silence);
      if (awaited.isEmpty()) {
        timer = silenceTimer;
      }
    }
    if (timer != null) {
      timer.cancel();
    }
  }

  /**
   * Replicas silent too long: their stand-ins take the hints; the replicas may yet answer. Under a
   * strict quorum the hint is only kept (it would not count): the replica's answer decides.
   */
  private void handOffSilent() {
    List<Silence> silent;
    synchronized (this) {
      silent = List.copyOf(awaited);
    }
    for (Silence silence : silent) {
      OneAnswer answer = silence.answer();
      if (!sloppy) {
        NodeId standIn = nextStandIn();
        if (standIn != null) {
          hint(standIn, silence.replica(), silence.put(), ResponseHandler.IGNORED, () -> {});
        }
      } else if (answer.handOff()) {
        NodeId standIn = nextStandIn();
        if (standIn == null) {
          answer.standInsExhausted();
          return;
        }
        hint(standIn, silence.replica(), silence.put(), answer, answer::standInsExhausted);
      }
    }
  }

  /**
   * The replica failed: hands its write to the next stand-in, or runs {@code otherwise} (the
   * failure stands) if none is left. If the silence timer handed it off meanwhile, that hint
   * decides.
   */
  private void handOffOrElse(
      NodeId replica, ReplicaPutRequest put, OneAnswer answer, Runnable otherwise) {
    if (!answer.handOff()) {
      if (!answer.failedAfterHandOff()) {
        otherwise.run(); // answered already: a no-op
      }
      return;
    }
    NodeId standIn = nextStandIn();
    if (standIn == null) {
      otherwise.run();
    } else {
      hint(standIn, replica, put, answer, otherwise);
    }
  }

  /**
   * What one replica's request tells the coordination: exactly one answer, the first to arrive from
   * the replica or its stand-in; once a stand-in has the hint, only a success of the replica or the
   * stand-in's answer counts.
   */
  private static final class OneAnswer implements ResponseHandler {
    private final ResponseHandler handler;
    private boolean answered;
    private boolean handedOff;
    private boolean replicaFailedMeanwhile;

    OneAnswer(ResponseHandler handler) {
      this.handler = handler;
    }

    /** Marks the write handed off; false if it already was or the replica answered. */
    synchronized boolean handOff() {
      if (answered || handedOff) {
        return false;
      }
      handedOff = true;
      return true;
    }

    /**
     * The replica failed: whether its write was handed off already (then the stand-in's answer
     * decides, and this failure counts only if every stand-in fails too).
     */
    synchronized boolean failedAfterHandOff() {
      replicaFailedMeanwhile |= handedOff;
      return handedOff;
    }

    /**
     * Every stand-in failed after a silent replica's hand-off: the replica's answer, if it comes,
     * decides; if it failed meanwhile, so does the write for this replica.
     */
    void standInsExhausted() {
      boolean failNow;
      synchronized (this) {
        handedOff = false;
        failNow = replicaFailedMeanwhile;
      }
      if (failNow) {
        onFailure(new IllegalStateException("the replica failed and no stand-in took its hint"));
      }
    }

    private synchronized boolean first() {
      if (answered) {
        return false;
      }
      answered = true;
      return true;
    }

    @Override
    public void onResponse(Response response) {
      if (first()) {
        handler.onResponse(response);
      }
    }

    @Override
    public void onFailure(Throwable cause) {
      if (first()) {
        handler.onFailure(cause);
      }
    }
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
