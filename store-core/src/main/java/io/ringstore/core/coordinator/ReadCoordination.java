package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.ReplicaGetResponse;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A read: ask R replicas for the key's versions (more if some fail or stay silent, see {@link
 * QuorumPlan}), and once R have answered, answer the client with the maximal versions among all
 * answers received so far ({@link Siblings#of}): one version when the replicas agree or one
 * supersedes the rest, several siblings when writes were concurrent. Tombstones are included: the
 * client filters them but needs their clocks as write context.
 *
 * <p><b>Read repair.</b> Once the client has its answer, every replica that answered and lacks a
 * reconciled version is sent that version ({@link ReadRepair}; one {@code ReplicaPutRequest} per
 * missing version, answers ignored); so is a replica whose answer comes later, against the siblings
 * of all answers by then (a late answer newer than the rest makes the others stale in turn). Each
 * replica is sent each version once. The repair does not hold the client's answer: a read right
 * after it at R may still meet a replica it has not reached (blocking repair for the read quorum is
 * left to a later step of the self-healing issue). Replicas the read did not ask are not repaired;
 * anti-entropy is for them.
 */
final class ReadCoordination extends QuorumCoordination {
  private final ReplicaGetRequest request;
  private final Versioned[][] answers;
  private final long ringEpoch;
  private final ReadRepair repair;
  private final CoordinatorStats stats;

  /** The siblings the client was answered with; what the first repair step compares against. */
  private List<Versioned> answeredReconciled;

  /** What each replica was sent by the repair; made on the first repair (most reads need none). */
  private List<Set<Versioned>> sent;

  /**
   * @param ringEpoch the epoch of the ring {@code plan} was made against, stamped on the answer
   */
  ReadCoordination(
      QuorumPlan.Ask plan,
      ReplicaGetRequest request,
      long ringEpoch,
      ReadRepair repair,
      CoordinatorStats stats,
      Consumer<Response> respond) {
    super(plan, respond);
    this.request = request;
    this.ringEpoch = ringEpoch;
    this.repair = repair;
    this.stats = stats;
    this.answers = new Versioned[plan.replicas().size()][];
  }

  @Override
  Request replicaRequest() {
    return request;
  }

  @Override
  boolean accept(int replica, Response response) {
    if (response instanceof ReplicaGetResponse read) {
      answers[replica] = read.versions();
      return true;
    }
    return false;
  }

  /** What replica {@code replica} answered, late answers included; null if nothing yet. */
  synchronized Versioned[] answerOf(int replica) {
    return answers[replica];
  }

  @Override
  Response successResponse() {
    answeredReconciled = reconciled();
    stats.reads.increment();
    if (answeredReconciled.size() > 1) {
      stats.readsWithSiblings.increment();
    }
    return new GetResponse(answeredReconciled.toArray(new Versioned[0]), ringEpoch);
  }

  /**
   * The siblings among every answer so far. More than {@link WireLimits#SIBLINGS_MAX} concurrent
   * versions (replicas each at the bound, holding different ones) are cut to the latest: the
   * client's next write supersedes those, and the rest surface on its next read.
   */
  private List<Versioned> reconciled() {
    List<Versioned> received = new ArrayList<>();
    for (Versioned[] versions : answers) {
      if (versions != null) {
        received.addAll(Arrays.asList(versions));
      }
    }
    return Siblings.of(received).latest(WireLimits.SIBLINGS_MAX);
  }

  private Set<Versioned> sentTo(int replica) {
    if (sent == null) {
      sent = new ArrayList<>(answers.length);
      for (int i = 0; i < answers.length; i++) {
        sent.add(new HashSet<>());
      }
    }
    return sent.get(replica);
  }

  /**
   * Repairs the replicas whose answers made the quorum and gives the client its answer once they
   * acknowledged (or failed): a read right after this one, at R, finds the reconciled versions on
   * every replica of this quorum. The wait is bounded by half of the request's remaining time, so
   * that a slow or silent repair target delays the answer but never turns a read that met its
   * quorum into a client's timeout (the client's attempt and the request share one deadline).
   */
  @Override
  void succeeded(Runnable deliver) {
    List<Versioned> reconciled;
    synchronized (this) {
      reconciled = answeredReconciled;
    }
    List<Map.Entry<NodeId, ReplicaPutRequest>> writes = repairWrites(reconciled);
    if (writes.isEmpty()) {
      deliver.run();
      return;
    }
    stats.readsRepairing.increment();
    OnceAfter delivery = new OnceAfter(writes.size(), deliver);
    Scheduler.Cancellable timer = scheduler().schedule(remainingNanos() / 2, delivery::now);
    delivery.cancelling(timer);
    Transport transport = transport();
    for (Map.Entry<NodeId, ReplicaPutRequest> write : writes) {
      transport.send(write.getKey(), write.getValue(), delivery);
    }
  }

  /**
   * Runs an action once: after {@code expected} answers or failures, or when {@link #now} is
   * called, whichever comes first; then cancels the timer that would call {@link #now}.
   */
  private static final class OnceAfter implements ResponseHandler {
    private final Runnable action;
    private int outstanding;
    private boolean done;
    private Scheduler.Cancellable timer;

    OnceAfter(int expected, Runnable action) {
      this.outstanding = expected;
      this.action = action;
    }

    synchronized void cancelling(Scheduler.Cancellable next) {
      if (done) {
        next.cancel();
      } else {
        timer = next;
      }
    }

    @Override
    public void onResponse(Response response) {
      oneMore();
    }

    @Override
    public void onFailure(Throwable cause) {
      oneMore();
    }

    private void oneMore() {
      boolean last;
      synchronized (this) {
        last = --outstanding == 0;
      }
      if (last) {
        now();
      }
    }

    void now() {
      Scheduler.Cancellable cancel;
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
        cancel = timer;
      }
      if (cancel != null) {
        cancel.cancel();
      }
      action.run();
    }
  }

  @Override
  void answeredLate(int replica) {
    List<Versioned> reconciled;
    synchronized (this) {
      reconciled = reconciled();
    }
    repairAnswered(reconciled);
  }

  /** Sends every replica that answered the reconciled versions it lacks and was not sent yet. */
  private void repairAnswered(List<Versioned> reconciled) {
    List<Map.Entry<NodeId, ReplicaPutRequest>> writes = repairWrites(reconciled);
    Transport transport = transport();
    for (Map.Entry<NodeId, ReplicaPutRequest> write : writes) {
      transport.send(write.getKey(), write.getValue(), ResponseHandler.IGNORED);
    }
  }

  /** The repair writes not sent yet: each answered replica's missing reconciled versions. */
  private List<Map.Entry<NodeId, ReplicaPutRequest>> repairWrites(List<Versioned> reconciled) {
    List<NodeId> replicas = replicas();
    List<Map.Entry<NodeId, ReplicaPutRequest>> writes = List.of();
    synchronized (this) {
      for (int replica = 0; replica < answers.length; replica++) {
        if (answers[replica] == null) {
          continue;
        }
        for (Versioned version : repair.toWrite(reconciled, answers[replica])) {
          if (sentTo(replica).add(version)) {
            writes = writes.isEmpty() ? new ArrayList<>() : writes;
            stats.repairWrites.increment();
            writes.add(
                Map.entry(replicas.get(replica), new ReplicaPutRequest(request.key(), version)));
          }
        }
      }
    }
    return writes;
  }
}
