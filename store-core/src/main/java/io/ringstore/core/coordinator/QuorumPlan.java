package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.ring.PreferenceList;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a coordinator does with a request, decided from one ring snapshot before anything is sent:
 * {@link Ask} the key's replicas and wait for a count of them, or {@link Refuse} at once because
 * the quorum can never be reached.
 *
 * <p><b>Who is asked.</b> A write goes to all N replicas: each must hold it eventually. A read asks
 * only R of them at first, as in Dynamo (DeCandia et al., SOSP 2007, section 4.5): with R+W>N any R
 * replicas meet every acknowledged write, so asking the other N-R adds messages, not consistency.
 * The coordinator's own replica comes first (it answers without a network round trip), then the
 * others by what this node believes of them (UP, SUSPECT, DOWN), each group in preference-list
 * order: a suspected replica is asked only when the others cannot make the quorum. A read asks one
 * more replica for each one that fails, and all the rest once {@link #fallbackNanos} pass without
 * the quorum (a speculative request after a delay derived from recent latencies): a silent replica
 * costs that delay, not the request. A write goes to every replica not believed DOWN, and to the
 * DOWN ones only if the others fail, stay silent past the same delay, or are too few for W.
 *
 * <p><b>While the ring changes</b> (a node joining or leaving, and for a while after: {@link
 * RingView#pendingRings}) a write also goes to the key's replicas on every other ring in play, and
 * waits for W plus one more acknowledgement for each node that adds (Cassandra's pending ranges):
 * of the N + k nodes at least W + k acknowledge, so at least W of each ring's N replicas hold the
 * write, and a read at R on whichever of those rings its coordinator routes by still meets it.
 * Reads ask the current ring only.
 */
sealed interface QuorumPlan {
  /** Longest a read waits for its first R replicas before asking the others too. */
  long READ_FALLBACK_MILLIS_MAX = 50;

  /** A read asks the others after at most this share of its timeout: 1/4. */
  int READ_FALLBACK_TIMEOUT_DIVISOR = 4;

  /** Reads wait for R replicas, writes for W acknowledgements. */
  enum Operation {
    READ("R"),
    WRITE("W");

    private final String quorumName;

    Operation(String quorumName) {
      this.quorumName = quorumName;
    }

    int nodeDefault(QuorumDefaults defaults) {
      return this == READ ? defaults.readReplicas() : defaults.writeReplicas();
    }
  }

  /**
   * Send to the first {@code askedFirst} replicas, to the others as replicas fail or once {@code
   * fallbackNanos} pass, and succeed once {@code required} of them answer.
   *
   * @param replicas the key's replicas, in the order they are asked
   * @param required R or W, at least 1 and at most the number of replicas
   * @param askedFirst replicas asked at once: from {@code required} to all of them
   * @param fallbackNanos when the replicas not asked at once are asked, below {@code timeoutNanos};
   *     unused when every replica is asked at once
   * @param timeoutNanos how long to wait before failing with the answers so far
   * @param standIns for a write, the nodes after the replicas in the key's preference list, which
   *     keep hints for unreachable replicas (hinted handoff); empty for a read
   */
  record Ask(
      List<NodeId> replicas,
      int required,
      int askedFirst,
      long fallbackNanos,
      long timeoutNanos,
      List<Member> standIns)
      implements QuorumPlan {
    public Ask {
      replicas = List.copyOf(replicas);
      standIns = List.copyOf(standIns);
      if (required < 1 || required > replicas.size()) {
        throw new IllegalArgumentException(
            "a quorum of " + required + " cannot be met by " + replicas.size() + " replicas");
      }
      if (askedFirst < required || askedFirst > replicas.size()) {
        throw new IllegalArgumentException(
            "askedFirst "
                + askedFirst
                + " must lie between "
                + required
                + " and "
                + replicas.size());
      }
      if (askedFirst < replicas.size() && (fallbackNanos < 0 || fallbackNanos >= timeoutNanos)) {
        throw new IllegalArgumentException(
            "fallbackNanos " + fallbackNanos + " must lie in [0, " + timeoutNanos + ")");
      }
    }

    /** This plan asking every replica at once: a read whose skipped replicas join its repair. */
    Ask askingAllFirst() {
      return askedFirst == replicas.size()
          ? this
          : new Ask(replicas, required, replicas.size(), fallbackNanos, timeoutNanos, standIns);
    }

    /** A plan without stand-ins (a read, or a ring of N nodes). */
    Ask(
        List<NodeId> replicas,
        int required,
        int askedFirst,
        long fallbackNanos,
        long timeoutNanos) {
      this(replicas, required, askedFirst, fallbackNanos, timeoutNanos, List.of());
    }

    /** Asks every replica at once. */
    Ask(List<NodeId> replicas, int required, long timeoutNanos) {
      this(replicas, required, replicas.size(), 0, timeoutNanos);
    }

    /** Whether some replicas are asked only after a failure or the fallback delay. */
    boolean asksLater() {
      return askedFirst < replicas.size();
    }
  }

  /** Answer {@code error} without asking any replica. */
  record Refuse(ErrorResponse error) implements QuorumPlan {}

  /**
   * The plan for an operation on {@code key} under {@code consistency}, against {@code ring}, run
   * by coordinator {@code self}.
   *
   * @param timeoutMillis the request's timeout, {@link WireLimits#TIMEOUT_MILLIS_DEFAULT} for the
   *     node's
   */
  static QuorumPlan of(
      NodeId self,
      Ring ring,
      List<Ring> pendingRings,
      byte[] key,
      Consistency consistency,
      Operation operation,
      int timeoutMillis,
      QuorumDefaults defaults,
      Liveness liveness) {
    if (key.length == 0) {
      return refuse(ErrorCode.BAD_REQUEST, "the key is empty: keys must hold at least one byte");
    }
    if (ring.isEmpty()) {
      return refuse(ErrorCode.UNAVAILABLE, "the ring has no members yet: this node has not joined");
    }
    int n = ring.config().replicationFactor();
    int required = required(consistency, operation.nodeDefault(defaults), n);
    PreferenceList list = ring.preferenceList(key);
    QuorumPlan refusal = refusal(operation, consistency, required, n, list.replicaCount());
    if (refusal != null) {
      return refusal;
    }
    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeout(timeoutMillis, defaults));
    long fallbackNanos = fallbackNanos(timeoutNanos, liveness.speculativeDelayNanos());
    if (operation == Operation.READ) {
      List<NodeId> replicas = ordered(self, list.replicas(), liveness.states());
      return new Ask(replicas, required, required, fallbackNanos, timeoutNanos);
    }
    List<Member> targets =
        pendingRings.isEmpty() ? list.replicas() : withPendingReplicas(list, key, pendingRings);
    int acks = required + targets.size() - list.replicaCount();
    List<NodeId> replicas = ordered(self, targets, liveness.states());
    int notDown = notDown(replicas, liveness.states());
    int askedFirst = notDown >= acks && notDown < replicas.size() ? notDown : replicas.size();
    long writeFallbackNanos = askedFirst < replicas.size() ? fallbackNanos : 0;
    List<Member> standIns =
        targets == list.replicas() ? list.fallbacks() : notIn(list.fallbacks(), targets);
    return new Ask(replicas, acks, askedFirst, writeFallbackNanos, timeoutNanos, standIns);
  }

  /**
   * The key's replicas on {@code ring}, then those on the pending rings that are not among them.
   */
  private static List<Member> withPendingReplicas(
      PreferenceList list, byte[] key, List<Ring> pendingRings) {
    List<Member> targets = new ArrayList<>(list.replicas());
    long token = pendingRings.get(0).config().partitioner().token(key); // hashed once, not per ring
    for (Ring pending : pendingRings) {
      if (pending.isEmpty()) {
        continue;
      }
      for (Member replica : pending.preferenceListForToken(token).replicas()) {
        if (targets.stream().noneMatch(t -> t.id().equals(replica.id()))) {
          targets.add(replica);
        }
      }
    }
    return targets;
  }

  private static List<Member> notIn(List<Member> members, List<Member> excluded) {
    List<Member> kept = new ArrayList<>(members.size());
    for (Member member : members) {
      if (excluded.stream().noneMatch(e -> e.id().equals(member.id()))) {
        kept.add(member);
      }
    }
    return kept;
  }

  /**
   * What a plan needs to know of the replicas' health: who is believed up, suspect or down, and how
   * long the replicas asked first may take before others are asked too.
   *
   * @param states the node states this plan orders replicas by
   * @param speculativeDelayNanos the delay derived from recent latencies ({@link ReplicaLatency})
   */
  record Liveness(NodeStates states, long speculativeDelayNanos) {
    /** Everyone up, and the longest delay: for tests that plan on a fixed ring. */
    static final Liveness ALL_UP =
        new Liveness(NodeStates.ALL_UP, TimeUnit.MILLISECONDS.toNanos(READ_FALLBACK_MILLIS_MAX));
  }

  /**
   * When the replicas beyond those asked first are asked: the speculative delay, at most a quarter
   * of the timeout and at most {@link #READ_FALLBACK_MILLIS_MAX}.
   */
  static long fallbackNanos(long timeoutNanos, long speculativeDelayNanos) {
    return Math.min(
        Math.min(speculativeDelayNanos, timeoutNanos / READ_FALLBACK_TIMEOUT_DIVISOR),
        TimeUnit.MILLISECONDS.toNanos(READ_FALLBACK_MILLIS_MAX));
  }

  /**
   * R or W for {@code consistency} when keys have {@code n} replicas: the node's default, one, a
   * majority ({@code n/2 + 1}), all {@code n}, or the explicit count.
   */
  static int required(Consistency consistency, int nodeDefault, int n) {
    return switch (consistency.level()) {
      case DEFAULT -> nodeDefault;
      case ONE -> 1;
      case QUORUM -> n / 2 + 1;
      case ALL -> n;
      case EXPLICIT -> consistency.replicaCount();
    };
  }

  /**
   * Why {@code required} replicas cannot answer, or null if they can: more than the N replicas a
   * key has is the client's mistake; more than the replicas on a ring smaller than N is the
   * cluster's state.
   */
  private static QuorumPlan refusal(
      Operation operation, Consistency consistency, int required, int n, int replicasOnRing) {
    if (required <= n && required <= replicasOnRing) {
      return null; // every request comes here: build no message for it
    }
    String asked = operation.quorumName + "=" + required + " (" + describe(consistency) + ")";
    if (required > n) {
      return refuse(
          ErrorCode.BAD_REQUEST,
          asked + " but N=" + n + ": each key has " + n + " replicas; ask for at most " + n);
    }
    if (required > replicasOnRing) {
      return refuse(
          ErrorCode.UNAVAILABLE,
          asked
              + " but only "
              + replicasOnRing
              + " of the N="
              + n
              + " replicas of this key are on the ring: add members or lower the consistency");
    }
    return null;
  }

  private static String describe(Consistency consistency) {
    return switch (consistency.level()) {
      case DEFAULT -> "the node default";
      case ONE -> "consistency ONE";
      case QUORUM -> "consistency QUORUM";
      case ALL -> "consistency ALL";
      case EXPLICIT -> "consistency EXPLICIT";
    };
  }

  private static int timeout(int timeoutMillis, QuorumDefaults defaults) {
    return timeoutMillis == WireLimits.TIMEOUT_MILLIS_DEFAULT
        ? defaults.timeoutMillis()
        : timeoutMillis;
  }

  /**
   * The members' ids in the order they are asked: {@code self} first (it answers without a network
   * round trip), then the others believed UP, then SUSPECT, then DOWN, each group in
   * preference-list order.
   */
  private static List<NodeId> ordered(NodeId self, List<Member> members, NodeStates states) {
    List<NodeId> ids = new ArrayList<>(members.size());
    for (NodeState rank : NodeState.HEALTHIEST_FIRST) {
      for (Member member : members) {
        NodeId id = member.id();
        if (!id.equals(self) && states.stateOf(id) == rank) {
          ids.add(id);
        }
      }
    }
    if (ids.size() < members.size()) {
      ids.add(0, self);
    }
    return ids;
  }

  private static int notDown(List<NodeId> replicas, NodeStates states) {
    int count = 0;
    for (NodeId replica : replicas) {
      if (states.stateOf(replica) != NodeState.DOWN) {
        count++;
      }
    }
    return count;
  }

  private static QuorumPlan refuse(ErrorCode code, String message) {
    return new Refuse(ErrorResponse.of(code, message));
  }
}
