package io.ringstore.core.movement;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.membership.GossipMembership;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.ring.RangeTransfers;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.RepairStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Moves this node's ranges when it joins or leaves the ring, driven by the status it announces.
 *
 * <p><b>Join.</b> A node that joins a ring of at least N members announces its tokens as JOINING
 * ({@link GossipMembership}); from then on writes of its future ranges reach it as a pending
 * replica, with one more acknowledgement required (see {@code QuorumPlan}). It waits {@link
 * GossipMembership#ringSettleNanos} so that every coordinator knows, then syncs each range it gains
 * with each of the range's current replicas ({@link RangeTransfers#gainedBy}, {@link
 * AntiEntropy#stream}), so it holds every write acknowledged before the pending writes began, and
 * only then announces NORMAL and serves reads. Syncing with every current replica, not only the one
 * that loses the range, also covers a write the loser missed.
 *
 * <p><b>Decommission.</b> {@link #decommission} announces LEAVING; writes then reach the nodes that
 * gain its ranges too. After the settle time it syncs each of its ranges with each node that gains
 * it ({@link RangeTransfers#handedOffBy}), then announces LEFT: it owns nothing, and the others
 * keep writing to it only while the ring it left stays among their pending rings.
 *
 * <p><b>Removal.</b> When a member disappears from the ring as REMOVED ({@link
 * GossipMembership#remove}: an operator took a dead node off), each node that gains some of its
 * ranges syncs them with their other former replicas, so that the replication factor is whole
 * again. Until it has, a read at R may miss a write that only the dead node and one other replica
 * held; anti-entropy would find it later too. Removals queue; each attempt re-plans the oldest
 * one's sources against the current ring (a source removed since is dropped, not waited for), and
 * one that fails moves to the end of the queue. The queue lives in memory: a removal seen while the
 * node was down is noticed from the ring it restored, but one whose sync a restart cut short is not
 * resumed.
 *
 * <p><b>Paxos state.</b> Before a range's data streams, the movement hands its Paxos acceptor state
 * over ({@link PaxosHandover}) with the same peers: the node that gains a range pulls it, the node
 * that gives it up pushes it; only when both are done does it announce NORMAL or LEFT (or count a
 * removal synced): the fences, write identities and accepted proposals of conditional writes live
 * there, not in the data. After a removal the gainer answers Paxos rounds for its new ranges at
 * once, while the old ring stays among the pending rings for a settle time (rounds then need a
 * majority of the old replicas too); a handover that ends later leaves a window in which a round
 * through the gainer and a survivor that missed a fence may pass a stale fenced write.
 *
 * <p><b>Failures and restarts.</b> A transfer is synced once its Paxos state and its data are
 * ({@link TransferSync}); one with a failed comparison (a peer down or silent) or a failed handover
 * is synced again at the next tick, while those already synced stay synced, until every transfer
 * succeeds: a node does not take or give up ranges while one of their replicas cannot be synced
 * (remove a dead node first). Range sync is idempotent, so a stream run again, or resumed after
 * either side restarted (the status is saved with the tokens), sends only what is still missing.
 * Thread-safe: state is guarded by this object's monitor, never held while announcing or streaming.
 */
public final class RangeMovements implements AutoCloseable {
  /** Ticks per settle time: how often the movement looks at the status. */
  static final int TICKS_PER_SETTLE = 10;

  private final NodeId self;
  private final GossipMembership membership;
  private final AntiEntropy antiEntropy;
  private final PaxosHandover handover;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Consumer<String> events;
  private final UnaryOperator<List<RangeTransfers.Transfer>> streamed;
  private String phase;
  private long phaseSinceNanos;
  private boolean streaming;
  private int streamsRun;
  private RepairStatus lastStream = RepairStatus.NONE;
  private TransferSync sync;
  private Ring seen;
  private final ArrayDeque<Removal> removals = new ArrayDeque<>();
  private boolean closed;
  private Scheduler.Cancellable nextTick;

  /**
   * @param handover what hands the moving ranges' Paxos state over
   */
  public RangeMovements(
      NodeId self,
      GossipMembership membership,
      AntiEntropy antiEntropy,
      PaxosHandover handover,
      Scheduler scheduler,
      Clock clock,
      Consumer<String> events) {
    this(
        self,
        membership,
        antiEntropy,
        handover,
        scheduler,
        clock,
        events,
        UnaryOperator.identity());
  }

  /**
   * Movements that stream only what {@code streamed} keeps of each movement's transfers: for the
   * simulator's bite proof of a node that serves ranges it never received.
   */
  public RangeMovements(
      NodeId self,
      GossipMembership membership,
      AntiEntropy antiEntropy,
      PaxosHandover handover,
      Scheduler scheduler,
      Clock clock,
      Consumer<String> events,
      UnaryOperator<List<RangeTransfers.Transfer>> streamed) {
    this.streamed = Objects.requireNonNull(streamed, "streamed");
    this.self = Objects.requireNonNull(self, "self");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.antiEntropy = Objects.requireNonNull(antiEntropy, "antiEntropy");
    this.handover = Objects.requireNonNull(handover, "handover");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
    this.seen = membership.current(); // the restored ring: a removal gossiped at startup is noticed
  }

  /** Starts looking at this node's status every tick. */
  public synchronized void start() {
    nextTick = scheduler.schedule(tickNanos(), this::tick);
  }

  /**
   * Starts handing this node's ranges over to their next owners; it then announces LEFT.
   *
   * @throws IllegalStateException if this node is not NORMAL (joining, already leaving or gone),
   *     still syncs ranges it gained from a removed node, or if leaving would leave fewer than N
   *     members on the ring
   */
  public void decommission() {
    MemberStatus status = membership.status();
    if (status == MemberStatus.LEAVING) {
      return;
    }
    if (status != MemberStatus.NORMAL) {
      throw new IllegalStateException(
          "this node is " + status + ", not NORMAL: only a member of the ring can decommission");
    }
    Removal pending;
    synchronized (this) {
      pending = removals.peekFirst();
    }
    if (pending != null) {
      // Its gained ranges' Paxos state would be pushed on incomplete, and their fences lost.
      throw new IllegalStateException(
          "this node still syncs the ranges it gained when "
              + pending.removed()
              + " was removed: decommission once that is done (its log says when)");
    }
    Ring ring = membership.current();
    if (membership.future() != ring) {
      throw new IllegalStateException(
          "another node is joining or leaving: decommission after that ring change is done");
    }
    int n = ring.config().replicationFactor();
    if (ring.members().size() <= n) {
      throw new IllegalStateException(
          "the ring has "
              + ring.members().size()
              + " members and N="
              + n
              + ": decommissioning one would leave keys with fewer than N replicas; add a node"
              + " first");
    }
    membership.announce(MemberStatus.LEAVING);
  }

  /** What the movement is doing: the phase, the streams run, the last stream's status. */
  public synchronized Progress progress() {
    return new Progress(membership.status(), streaming, streamsRun, lastStream);
  }

  /**
   * A movement's progress.
   *
   * @param status the status this node announces
   * @param streaming whether a stream is running now
   * @param streamsRun streams started in this life of the node
   * @param lastStream the status of the stream running or of the last one
   */
  public record Progress(
      MemberStatus status, boolean streaming, int streamsRun, RepairStatus lastStream) {}

  @Override
  public void close() {
    Scheduler.Cancellable tick;
    synchronized (this) {
      closed = true;
      tick = nextTick;
    }
    if (tick != null) {
      tick.cancel();
    }
  }

  private void tick() {
    synchronized (this) {
      if (closed) {
        return;
      }
      nextTick = scheduler.schedule(tickNanos(), this::tick);
    }
    MemberStatus status = membership.status();
    MemberStatus done = nextStatus(status);
    Ring current = membership.current();
    Ring future = membership.future();
    noteRemovals(current);
    if (done == null && status == MemberStatus.NORMAL) {
      repairNextRemoval();
      return;
    }
    boolean tokensAnnounced = future.member(self).isPresent() || current.member(self).isPresent();
    if (done == null || !tokensAnnounced || !settled(status, future)) {
      return;
    }
    List<RangeTransfers.Transfer> planned = transfersOf(status);
    TransferSync attempt;
    synchronized (this) {
      if (streaming) {
        return;
      }
      if (sync == null || !sync.planned().equals(planned)) {
        PaxosHandover.Direction direction =
            status == MemberStatus.JOINING
                ? PaxosHandover.Direction.PULL
                : PaxosHandover.Direction.PUSH;
        sync = new TransferSync(planned, antiEntropy, handover, direction, streamed);
      }
      attempt = sync;
      streaming = true;
      streamsRun++;
    }
    events.accept(
        "movement: "
            + status
            + ", streaming "
            + (attempt.left() < planned.size() ? attempt.left() + " of " : "")
            + planned.size()
            + " ranges"
            + (streamsRun > 1 ? " (attempt " + streamsRun + ")" : ""));
    attempt.syncLeft(failure -> synced(status, done, attempt, failure));
  }

  /** The ranges this node gained when {@code removed} was taken off the ring, and their sync. */
  private record Removal(NodeId removed, TransferSync sync) {}

  /** Queues a sync of the ranges this node gained from each member the ring lost as REMOVED. */
  private void noteRemovals(Ring current) {
    Ring before;
    synchronized (this) {
      before = seen;
      seen = current;
    }
    if (before == null || before == current || before.isEmpty() || current.isEmpty()) {
      return;
    }
    for (Member member : before.members()) {
      NodeId id = member.id();
      if (current.member(id).isEmpty()
          && membership.statusOf(id).orElse(null) == MemberStatus.REMOVED) {
        List<RangeTransfers.Transfer> gained = new ArrayList<>();
        for (RangeTransfers.Transfer transfer : RangeTransfers.gainedBy(self, before, current)) {
          List<NodeId> sources = new ArrayList<>(transfer.peers());
          sources.remove(id);
          if (!sources.isEmpty()) {
            gained.add(new RangeTransfers.Transfer(transfer.range(), sources));
          }
        }
        if (!gained.isEmpty()) {
          events.accept(
              "movement: " + id + " was removed; syncing " + gained.size() + " ranges gained");
          synchronized (this) {
            removals.addLast(
                new Removal(
                    id,
                    new TransferSync(
                        gained, antiEntropy, handover, PaxosHandover.Direction.PULL, streamed)));
          }
        }
      }
    }
  }

  /**
   * Syncs the oldest removal's gained ranges, unless a stream is running; again until it works.
   * Each attempt first re-plans its sources: a source removed or gone since (a second node removed,
   * a rack lost) is dropped rather than waited for.
   */
  private void repairNextRemoval() {
    Removal next;
    synchronized (this) {
      next = removals.peekFirst();
      if (next == null || streaming) {
        return;
      }
      streaming = true;
      streamsRun++;
    }
    Removal attempt = replanned(next);
    if (attempt != next) {
      synchronized (this) {
        removals.removeFirstOccurrence(next);
        removals.addFirst(attempt);
      }
    }
    attempt.sync().syncLeft(failure -> removalSynced(attempt, failure));
  }

  /**
   * {@code removal} with the transfers it has left, each from the peers still on the ring (those
   * with none left are dropped: nothing can be synced from them); itself if nothing changed.
   */
  private Removal replanned(Removal removal) {
    Ring ring = membership.current();
    List<RangeTransfers.Transfer> left = removal.sync().leftTransfers();
    List<RangeTransfers.Transfer> plan = new ArrayList<>();
    for (RangeTransfers.Transfer transfer : left) {
      List<NodeId> sources = new ArrayList<>();
      for (NodeId peer : transfer.peers()) {
        if (ring.member(peer).isPresent()) {
          sources.add(peer);
        }
      }
      if (!sources.isEmpty()) {
        plan.add(new RangeTransfers.Transfer(transfer.range(), sources));
      }
    }
    if (plan.equals(left)) {
      return removal;
    }
    events.accept(
        "movement: ranges gained from removed "
            + removal.removed()
            + ": "
            + plan.size()
            + " left to sync from the members still on the ring ("
            + (left.size() - plan.size())
            + " with no source left)");
    return new Removal(
        removal.removed(),
        new TransferSync(plan, antiEntropy, handover, PaxosHandover.Direction.PULL, streamed));
  }

  /** Done with a removal's attempt: dropped from the queue if it synced, else moved to its end. */
  private void removalSynced(Removal removal, String failureOrNull) {
    synchronized (this) {
      streaming = false;
      lastStream = removal.sync().lastStream();
      removals.remove(removal);
      if (failureOrNull != null) {
        removals.addLast(removal); // one that cannot sync yet does not hold the others up
      }
    }
    events.accept(
        "movement: ranges gained from removed "
            + removal.removed()
            + (failureOrNull == null
                ? " synced: " + removal.sync().summary()
                : ": " + failureOrNull + "; syncing again"));
  }

  /** NORMAL after a join, LEFT after a decommission; null when nothing moves. */
  private static MemberStatus nextStatus(MemberStatus status) {
    return switch (status) {
      case JOINING -> MemberStatus.NORMAL;
      case LEAVING -> MemberStatus.LEFT;
      default -> null;
    };
  }

  /**
   * Whether {@code status} with this node's current tokens has lasted the settle time, counted from
   * when this node first saw that pair: tokens chosen again (a collision) start the wait again,
   * since writes of the new ranges reached this node only from then on.
   */
  private synchronized boolean settled(MemberStatus status, Ring future) {
    long now = clock.monotonicNanos();
    String key = status + " " + Arrays.hashCode(future.tokensOf(self));
    if (!key.equals(phase)) {
      phase = key;
      phaseSinceNanos = now;
    }
    return now - phaseSinceNanos >= membership.ringSettleNanos();
  }

  /** What a movement in {@code status} must stream now. */
  private List<RangeTransfers.Transfer> transfersOf(MemberStatus status) {
    Ring current = membership.current();
    Ring future = membership.future();
    return status == MemberStatus.JOINING
        ? RangeTransfers.gainedBy(self, current, future)
        : RangeTransfers.handedOffBy(self, current, future);
  }

  /**
   * Announces {@code to} once every transfer of {@code attempt} is synced, unless this object was
   * closed meanwhile (a node shutting down) or the ring changed so that the movement must now
   * stream other ranges (then the next tick streams them); after a failure the next tick syncs the
   * transfers left.
   */
  private void synced(
      MemberStatus from, MemberStatus to, TransferSync attempt, String failureOrNull) {
    synchronized (this) {
      streaming = false;
      lastStream = attempt.lastStream();
      if (closed) {
        return;
      }
    }
    if (failureOrNull != null) {
      events.accept("movement: " + failureOrNull + "; streaming again");
      return;
    }
    if (!transfersOf(from).equals(attempt.planned())) {
      events.accept("movement: the ring changed while streaming; streaming again");
      return;
    }
    if (membership.status() == from) {
      events.accept("movement: " + attempt.summary() + "; " + to);
      membership.announce(to);
    }
  }

  private long tickNanos() {
    return Math.max(1, membership.ringSettleNanos() / TICKS_PER_SETTLE);
  }
}
