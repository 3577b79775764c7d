package io.ringstore.core.repair;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.coordinator.RingView;
import io.ringstore.core.net.Transport;
import io.ringstore.core.ring.RangeTransfers;
import io.ringstore.core.ring.ReplicatedRange;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.RepairStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Anti-entropy: this node compares the ranges it replicates with their other replicas by Merkle
 * trees and streams the keys that differ, both ways (Dynamo, section 4.7). It finds and fixes what
 * hinted handoff and read repair did not: writes lost in flight to a crashed node, hints dropped
 * past their window, a wiped disk, records the CRC rejected, keys nobody reads.
 *
 * <p>A <b>run</b> is a list of (range, peer) comparisons done one after another ({@link
 * RangeSync}), so a run holds at most one range's trees in memory and keeps one request in flight.
 * A peer that membership does not believe UP is skipped, and the comparison counts as failed; so
 * does one that fails or times out. One byte rate ({@link Settings#bytesPerSecond}) paces all of a
 * run's streaming. One run at a time: asking for a run while one is going returns the one going.
 *
 * <p>Two kinds of run: {@link #repair} (what {@code ringstore repair} asks for) compares every
 * range this node replicates with each of its other replicas, which is how a node whose disk was
 * wiped gets everything back; the periodic run, every {@link Settings#intervalMillis}, compares
 * only the ranges whose first replica this node is, so that each range is compared once per round
 * of the cluster rather than once per replica.
 *
 * <p>Thread-safe: a run's steps follow one another through callbacks (see {@link RangeSync});
 * counters are atomic, the current run is guarded by this object's monitor.
 */
public final class AntiEntropy {
  /**
   * How anti-entropy runs.
   *
   * @param intervalMillis time between periodic runs; 0 for none (on demand only)
   * @param bytesPerSecond the streaming rate of a run; 0 for unlimited
   * @param keysPerLeaf the keys a Merkle leaf holds on average; sets a tree's depth
   * @param timeoutMillis how long a peer has to answer one request (a tree request scans its range)
   */
  public record Settings(
      long intervalMillis, long bytesPerSecond, int keysPerLeaf, long timeoutMillis) {
    /** Hourly, 16 MiB/s, 32 keys a leaf, two minutes an answer. */
    public static final Settings DEFAULTS = new Settings(3_600_000, 16L << 20, 32, 120_000);

    public Settings {
      if (intervalMillis < 0 || bytesPerSecond < 0 || keysPerLeaf < 1 || timeoutMillis < 1) {
        throw new IllegalArgumentException(
            "anti-entropy: interval "
                + intervalMillis
                + " ms and rate "
                + bytesPerSecond
                + " bytes/s must not be negative (0: none, unlimited); keys per leaf "
                + keysPerLeaf
                + " and timeout "
                + timeoutMillis
                + " ms must be positive");
      }
    }
  }

  /**
   * Which differing leaves a comparison syncs. Production syncs all of them ({@link #ALL}); the
   * simulator's bite proof plants one that skips the last leaf of a tree.
   */
  @FunctionalInterface
  public interface Walk {
    /** Every differing leaf. */
    Walk ALL = (differing, depth) -> differing;

    /** The leaves to sync, of those that differ ({@code differing}, ascending). */
    List<Integer> leaves(List<Integer> differing, int depth);
  }

  /** What a comparison works with. */
  record Parts(
      NodeId self,
      StorageEngine storage,
      Transport transport,
      Scheduler scheduler,
      Clock clock,
      Executor work,
      Settings settings,
      Walk walk) {}

  private final Parts parts;
  private final RingView ring;
  private final AtomicLong runsFinished = new AtomicLong();
  private Run current;
  private boolean fullRunAsked;
  private Run streamAsked;
  private boolean closed;
  private Scheduler.Cancellable nextRound;

  /**
   * @param ring the ring and what membership believes of each node now
   * @param work where scans and storage writes run: a background thread, never an event loop
   */
  public AntiEntropy(
      NodeId self,
      StorageEngine storage,
      Transport transport,
      RingView ring,
      Scheduler scheduler,
      Clock clock,
      Executor work,
      Settings settings) {
    this(self, storage, transport, ring, scheduler, clock, work, settings, Walk.ALL);
  }

  /** Anti-entropy that syncs the leaves {@code walk} picks: for the simulator's bite proof. */
  public AntiEntropy(
      NodeId self,
      StorageEngine storage,
      Transport transport,
      RingView ring,
      Scheduler scheduler,
      Clock clock,
      Executor work,
      Settings settings,
      Walk walk) {
    this.parts =
        new Parts(
            Objects.requireNonNull(self, "self"),
            Objects.requireNonNull(storage, "storage"),
            Objects.requireNonNull(transport, "transport"),
            Objects.requireNonNull(scheduler, "scheduler"),
            Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(work, "work"),
            Objects.requireNonNull(settings, "settings"),
            Objects.requireNonNull(walk, "walk"));
    this.ring = Objects.requireNonNull(ring, "ring");
  }

  /** Starts the periodic runs, if the settings ask for them. */
  public void start() {
    scheduleRound();
  }

  /**
   * No further runs start, and the next periodic run's timer is cancelled (an executor that waits
   * for delayed tasks at shutdown would otherwise wait for it); a run going stops after its current
   * comparison.
   */
  public void close() {
    Scheduler.Cancellable timer;
    synchronized (this) {
      closed = true;
      timer = nextRound;
    }
    if (timer != null) {
      timer.cancel();
    }
  }

  /**
   * Starts a run over every range this node replicates, unless one is going; returns the status of
   * the run going either way. A periodic run going (first-replica ranges only) is followed at once
   * by the full run asked for, with no moment between them in which none is going.
   */
  public RepairStatus repair() {
    synchronized (this) {
      if (current != null && !current.finished && current.primaryOnly) {
        fullRunAsked = true;
        return current.status(runsFinished.get());
      }
    }
    return startRun(false);
  }

  /** The status of the run going or, when none is, of the last one. */
  public synchronized RepairStatus status() {
    return current == null ? RepairStatus.NONE : current.status(runsFinished.get());
  }

  /**
   * How a stream ended: the run's final status, and the ranges of which at least one comparison
   * failed (a peer down, silent or refusing).
   */
  public record Streamed(RepairStatus status, Set<TokenRange> failedRanges) {
    public Streamed {
      failedRanges = Set.copyOf(failedRanges);
    }
  }

  /**
   * Starts a run that syncs each transfer's range with each of its peers, in order, and calls
   * {@code done} with how it ended once it does: how a joining node receives its ranges and a
   * leaving node hands them over ({@link io.ringstore.core.ring.RangeTransfers}). Streaming is a
   * comparison like any other: only what differs travels, at the run's byte rate, and a stream run
   * again after a crash sends only what is still missing. A stream asked for while another run is
   * going starts as soon as that one ends, before any other run; at most one stream waits. Returns
   * false, starting nothing, once closed or while a stream already waits: the caller asks again
   * later.
   */
  public boolean stream(List<RangeTransfers.Transfer> transfers, Consumer<Streamed> done) {
    Objects.requireNonNull(done, "done");
    List<Comparison> comparisons = new ArrayList<>();
    for (RangeTransfers.Transfer transfer : transfers) {
      for (NodeId peer : transfer.peers()) {
        if (!peer.equals(parts.self())) {
          comparisons.add(new Comparison(transfer.range(), peer));
        }
      }
    }
    Run run = new Run(comparisons, false, done);
    synchronized (this) {
      if (closed || streamAsked != null) {
        return false;
      }
      if (current != null && !current.finished) {
        streamAsked = run;
        return true;
      }
      current = run;
    }
    run.next();
    return true;
  }

  /** Whether a run is going. */
  public synchronized boolean running() {
    return current != null && !current.finished;
  }

  private void scheduleRound() {
    long interval = parts.settings().intervalMillis();
    if (interval == 0) {
      return;
    }
    Scheduler.Cancellable timer =
        parts.scheduler().schedule(TimeUnit.MILLISECONDS.toNanos(interval), this::periodicRun);
    synchronized (this) {
      if (closed) {
        timer.cancel();
      } else {
        nextRound = timer;
      }
    }
  }

  private void periodicRun() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    try {
      startRun(true);
    } finally {
      scheduleRound();
    }
  }

  private RepairStatus startRun(boolean primaryOnly) {
    Run run;
    synchronized (this) {
      if (current != null && !current.finished) {
        return current.status(runsFinished.get());
      }
      if (closed) {
        return status();
      }
      run = new Run(comparisons(primaryOnly), primaryOnly, null);
      current = run;
    }
    run.next();
    return status();
  }

  /** Each range this node replicates (or is first replica of) with each of its other replicas. */
  private List<Comparison> comparisons(boolean primaryOnly) {
    Ring now = ring.current();
    List<Comparison> comparisons = new ArrayList<>();
    if (now.isEmpty()) {
      return comparisons;
    }
    for (ReplicatedRange range : now.rangesReplicatedBy(parts.self())) {
      if (primaryOnly && !range.replicas().get(0).equals(parts.self())) {
        continue;
      }
      for (NodeId replica : range.replicas()) {
        if (!replica.equals(parts.self())) {
          comparisons.add(new Comparison(range.range(), replica));
        }
      }
    }
    return comparisons;
  }

  private record Comparison(TokenRange range, NodeId peer) {}

  /** One run: its comparisons, done in order, and its counters. */
  final class Run {
    private final List<Comparison> comparisons;
    private final boolean primaryOnly;
    private final Consumer<Streamed> onFinishOrNull;
    private final Set<TokenRange> failedRanges = new HashSet<>();
    private final Throttle throttle;
    private final long startedNanos;
    private final AtomicLong keysCompared = new AtomicLong();
    private final AtomicLong keysReceived = new AtomicLong();
    private final AtomicLong keysSent = new AtomicLong();
    private final AtomicLong bytesStreamed = new AtomicLong();
    private int index;
    private int done;
    private int failed;
    private String lastFailure = "";
    private long finishedNanos;
    private volatile boolean finished;

    Run(List<Comparison> comparisons, boolean primaryOnly, Consumer<Streamed> onFinishOrNull) {
      this.comparisons = comparisons;
      this.primaryOnly = primaryOnly;
      this.onFinishOrNull = onFinishOrNull;
      this.throttle = new Throttle(parts.clock(), parts.settings().bytesPerSecond());
      this.startedNanos = parts.clock().monotonicNanos();
    }

    /** Starts the next comparison, skipping peers that are not UP; ends the run after the last. */
    void next() {
      Comparison comparison = null;
      Run following = null;
      RepairStatus finalStatus = null;
      synchronized (AntiEntropy.this) {
        while (true) {
          if (index == comparisons.size() || closed) {
            if (index < comparisons.size()) {
              failed += comparisons.size() - index; // closed: never compared
              for (Comparison never : comparisons.subList(index, comparisons.size())) {
                failedRanges.add(never.range());
              }
              lastFailure = "anti-entropy closed before every range was compared";
              index = comparisons.size();
            }
            following = finish();
            finalStatus = status(runsFinished.get());
            break;
          }
          comparison = comparisons.get(index++);
          NodeState peerState = ring.states().stateOf(comparison.peer());
          if (peerState == NodeState.UP || (streams() && peerState == NodeState.SUSPECT)) {
            break;
          }
          failed++;
          failedRanges.add(comparison.range());
          lastFailure =
              comparison.peer() + " is " + peerState + "; " + comparison.range() + " not compared";
          comparison = null;
        }
      }
      if (finished) {
        if (onFinishOrNull != null) {
          Set<TokenRange> failedNow;
          synchronized (AntiEntropy.this) {
            failedNow = Set.copyOf(failedRanges);
          }
          onFinishOrNull.accept(new Streamed(finalStatus, failedNow));
        }
        if (following != null) {
          following.next();
        }
        return;
      }
      AtomicBoolean once = new AtomicBoolean();
      Comparison started = comparison;
      new RangeSync(
              parts,
              this,
              comparison.range(),
              comparison.peer(),
              failure -> {
                if (once.compareAndSet(false, true)) {
                  ended(started, failure);
                }
              })
          .start();
    }

    private void ended(Comparison comparison, String failure) {
      synchronized (AntiEntropy.this) {
        if (failure == null) {
          done++;
        } else {
          failed++;
          failedRanges.add(comparison.range());
          lastFailure = failure;
        }
      }
      next();
    }

    /**
     * Called holding the monitor: ends this run and, if a stream or a full run was asked for
     * meanwhile, makes it the current one (to be started by the caller, without the monitor) and
     * returns it.
     */
    private Run finish() {
      finishedNanos = parts.clock().monotonicNanos();
      finished = true;
      runsFinished.incrementAndGet();
      if (streamAsked != null && !closed) {
        current = streamAsked;
        streamAsked = null;
        return current;
      }
      if (!fullRunAsked || closed) {
        return null;
      }
      fullRunAsked = false;
      current = new Run(comparisons(false), false, null);
      return current;
    }

    /**
     * Whether this run streams a movement: it also tries SUSPECT peers (likely alive; a dead one
     * times out), since a movement waits for every one of its syncs.
     */
    private boolean streams() {
      return onFinishOrNull != null;
    }

    void compared(long keys) {
      keysCompared.addAndGet(keys);
    }

    void received(int keys, long bytes) {
      keysReceived.addAndGet(keys);
      bytesStreamed.addAndGet(bytes);
      throttle.booked(bytes);
    }

    void sent(int keys, long bytes) {
      keysSent.addAndGet(keys);
      bytesStreamed.addAndGet(bytes);
      throttle.booked(bytes);
    }

    Throttle throttle() {
      return throttle;
    }

    /** Called holding the monitor. */
    RepairStatus status(long runs) {
      long end = finished ? finishedNanos : parts.clock().monotonicNanos();
      return new RepairStatus(
          !finished,
          runs,
          comparisons.size(),
          done,
          failed,
          keysCompared.get(),
          keysReceived.get(),
          keysSent.get(),
          bytesStreamed.get(),
          TimeUnit.NANOSECONDS.toMillis(end - startedNanos),
          lastFailure);
    }
  }
}
