package io.ringstore.core.storage.log;

import io.ringstore.core.annotation.SuppressForbidden;
import io.ringstore.core.time.Clock;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes appended bytes durable, sharing one fsync among concurrent writers (group commit).
 *
 * <p>Positions: every append advances a log-wide sequence by its record size; {@link Position}
 * pairs the sequence written so far with the segments that may hold unforced bytes of it (the
 * active one and any filled one whose seal has not forced it yet), published together by the engine
 * under its append lock after every change and read here without it. Forcing the captured segments
 * makes the whole captured sequence durable.
 *
 * <p>The protocol, with no thread of its own. At most one writer leads at a time.
 *
 * <ol>
 *   <li>A writer whose sequence is durable returns on a volatile read.
 *   <li>Otherwise, if nobody leads, it becomes the leader. If someone leads, it joins the queue of
 *       waiters and parks once, on its own {@link Waiter}, until it is woken for one of two things:
 *       its write is durable (it returns), or it is handed the lead (step 3).
 *   <li>The leader gathers (below), captures the written position, forces it, and publishes the
 *       durable sequence. Under the mutex it takes every waiter the force covered off the queue
 *       and, if waiters remain (they appended after the capture), hands the lead to the last one to
 *       arrive. It wakes the new leader first, so the next force starts as early as possible, then
 *       the covered waiters, and returns. A leader never gives up the lead with waiters queued, so
 *       nobody waits for a force that nobody runs.
 * </ol>
 *
 * Each waiter is woken exactly once, by the leader whose force covered it or who handed it the
 * lead: a writer that arrives while a force is in flight joins the next batch without being woken
 * and parked again. Wake-ups per batch: one per covered waiter, plus one for the new leader, plus
 * one if it had to gather. Before, every waiter woke at every force, one phaser for all, and those
 * not covered went back to sleep; the phaser's spinning before it parks took a third of the CPU
 * samples on two cores.
 *
 * <p>Gathering (PostgreSQL's {@code commit_delay} with {@code commit_siblings}). Without it the
 * batches alternate: the new leader forces at once, while the writers just woken are still on their
 * way back in with their next records; they wait for that small force and make the batch after it.
 * So group commit counts its busy writers: a writer is busy from {@link #enter} (it entered {@code
 * put}) to {@link #exit} except while it waits, and a woken waiter counts as busy from the moment
 * it is woken, before it even runs. A leader with busy siblings waits until none is left (each has
 * appended and is waiting, or has left), at most {@link #GATHER_NANOS_MAX} by the injected clock.
 * With no busy sibling it forces at once, so a lone writer pays nothing. The wait is a condition
 * the last sibling signals, never a sleep or a spin.
 *
 * <p><b>Without waiting</b> ({@link #whenDurable}). A writer that must not block (a replica write
 * on a network event loop) leaves an {@link Acknowledgement} instead of parking. The first one
 * while no sync pass is scheduled schedules one on the injected {@code syncer} (one dedicated
 * thread in production, the node's task queue in the simulator); the pass forces, schedules the
 * next pass if acknowledgements remain that the force did not cover, and tells those it covered, so
 * a batch is every write appended while the previous force ran, with no thread hand-off per write.
 * Whether a pass is scheduled and the acknowledgements left are read and changed under {@link
 * #lock} together, so an acknowledgement is never left behind by a pass that has just decided to
 * stop: it either finds the pass still going (the pass sees it before stopping) or schedules a new
 * one. Parked writers and acknowledgements share the durable sequence: whoever forces releases
 * both.
 *
 * <p>Without sharing ({@code shared == false}) each writer forces on its own, one at a time, and
 * never skips its force because another covered it: the honest baseline for what group commit
 * saves.
 *
 * <p>Concurrency: {@link #lock} guards who leads and the queue, held for a few field updates only;
 * the append lock is never taken here, so appends continue during a force. If a force fails, its
 * leader's writer gets the exception and the lead passes to a waiter as usual, which tries again;
 * no waiter is released by a failed force. {@link #forceNow} (sync, the interval task, close)
 * forces outside the protocol and releases the waiters it covered.
 */
final class GroupCommit {
  /**
   * Longest a leader waits for siblings still appending: 200 µs, under a fast fsync (0.2 ms on
   * virtio ext4) and far under a slow one, yet long enough for 15 woken writers to append on two
   * cores. Bounds the latency a lone writer could pay if a sibling stalls before appending.
   */
  static final long GATHER_NANOS_MAX = TimeUnit.MICROSECONDS.toNanos(200);

  /** What waits for a force without holding a thread: told exactly once, durable or failed. */
  interface Acknowledgement {
    /** Every byte up to the sequence it waited for is on disk. */
    void durable();

    /** The force failed; the write's durability is unknown. */
    void failed(IOException failure);
  }

  /** An acknowledgement waiting for the force that covers {@code sequence}. */
  private record Pending(long sequence, Acknowledgement acknowledgement) {}

  /** The active segment and the log-wide sequence appended so far, read together. */
  record Position(List<Segment> segments, long sequence) {}

  private final Supplier<Position> written;
  private final SegmentDirectory directory;
  private final boolean shared;
  private final StorageStats stats;
  private final Clock clock;
  private final long gatherNanosMax;
  private final Executor syncer;
  private final AtomicInteger busy = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition gathered = lock.newCondition();

  /**
   * Held by every force of the log, one at a time: Linux reports a writeback error once per open
   * file, so of two concurrent fsyncs of one file (a seal and a sync pass, a pass and {@link
   * #forceNow}) one may fail while the other succeeds and publishes what it covered before the
   * failure is recorded. Serialized, a force that follows a failed one always sees {@link
   * #forceFailure}. The forces share one disk anyway.
   */
  private final ReentrantLock forceLock = new ReentrantLock();

  private volatile long durableSequence;
  private volatile boolean gathering;

  /** Whether a writer leads; guarded by {@link #lock}. */
  private boolean leading;

  /** Writers waiting for a force, in arrival order; guarded by {@link #lock}. */
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  /** Acknowledgements waiting for a force; guarded by {@link #lock}. */
  private final List<Pending> pending = new ArrayList<>();

  /** Whether a sync pass is scheduled or running; guarded by {@link #lock}. */
  private boolean syncing;

  /** The first I/O error a force met; once set, every force fails (see {@link #forceWritten}). */
  private volatile IOException forceFailure;

  GroupCommit(
      Supplier<Position> written,
      SegmentDirectory directory,
      boolean shared,
      StorageStats stats,
      Clock clock,
      long gatherNanosMax,
      Executor syncer) {
    if (gatherNanosMax < 0) {
      throw new IllegalArgumentException("gatherNanosMax is " + gatherNanosMax + ", must be >= 0");
    }
    this.written = written;
    this.directory = directory;
    this.shared = shared;
    this.stats = stats;
    this.clock = clock;
    this.gatherNanosMax = gatherNanosMax;
    this.syncer = syncer;
  }

  /** A writer entered {@code put} under {@code ALWAYS}; pair with {@link #exit} in a finally. */
  void enter() {
    if (shared) {
      busy.incrementAndGet();
    }
  }

  /** The writer that called {@link #enter} leaves {@code put}. */
  void exit() {
    if (shared) {
      idle();
    }
  }

  /** One busy writer fewer; the last sibling of a gathering leader wakes it. */
  private void idle() {
    if (busy.decrementAndGet() <= 1 && gathering) {
      lock.lock();
      try {
        gathered.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Returns once every byte up to {@code sequence} is on disk. */
  void awaitDurable(long sequence) throws IOException {
    if (!shared) {
      forceSerially();
      return;
    }
    if (durableSequence >= sequence) {
      return;
    }
    Waiter waiter;
    lock.lock();
    try {
      if (durableSequence >= sequence) {
        return;
      }
      waiter = leading ? new Waiter(sequence) : null;
      if (waiter == null) {
        leading = true;
      } else {
        waiters.addLast(waiter);
      }
    } finally {
      lock.unlock();
    }
    if (waiter == null || waitForLeadOrRelease(waiter)) {
      lead();
    }
  }

  /**
   * Tells {@code acknowledgement} once every byte up to {@code sequence} is on disk, without
   * blocking the caller: at once if it already is, otherwise from a sync pass (see the class
   * comment). Without sharing the caller forces on its own, as {@link #awaitDurable} does.
   */
  void whenDurable(long sequence, Acknowledgement acknowledgement) {
    if (!shared) {
      try {
        forceSerially();
      } catch (IOException e) {
        acknowledgement.failed(e);
        return;
      }
      acknowledgement.durable();
      return;
    }
    boolean covered;
    boolean schedule = false;
    lock.lock();
    try {
      covered = durableSequence >= sequence;
      if (!covered) {
        pending.add(new Pending(sequence, acknowledgement));
        schedule = !syncing;
        syncing = true;
      }
    } finally {
      lock.unlock();
    }
    if (covered) {
      acknowledgement.durable();
    } else if (schedule) {
      scheduleSyncPass();
    }
  }

  /** A syncer that refuses work (it is shutting down) leaves the pass to the caller. */
  private void scheduleSyncPass() {
    try {
      syncer.execute(this::syncPass);
    } catch (RejectedExecutionException e) {
      syncPass();
    }
  }

  /**
   * Forces once, tells the acknowledgements the force covered, and schedules the next pass first if
   * any are left (a new task rather than a loop, so that an acknowledgement that throws cannot
   * leave the others behind a pass that never comes). After a failed force every acknowledgement
   * left fails too: none can become durable before the engine is reopened (see {@link
   * #forceWritten}).
   */
  private void syncPass() {
    IOException failure = null;
    Throwable unexpected = null;
    long covered = -1;
    try {
      covered = timedForce();
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      unexpected = e;
      failure = new IOException("the force failed unexpectedly: " + e, e);
    }
    Released released;
    boolean more;
    lock.lock();
    try {
      released = failure == null ? takeReleased(covered) : takeAllPending();
      more = !pending.isEmpty();
      syncing = more;
    } finally {
      lock.unlock();
    }
    if (more) {
      scheduleSyncPass();
    }
    released.tell(failure);
    rethrowUnchecked(unexpected);
  }

  /** Throws {@code thrown} (a RuntimeException or an Error) if there is one. */
  private static void rethrowUnchecked(Throwable thrown) {
    if (thrown instanceof Error error) {
      throw error;
    }
    if (thrown != null) {
      throw (RuntimeException) thrown;
    }
  }

  /** Called holding {@link #lock}: every pending acknowledgement, for a failed force. */
  private Released takeAllPending() {
    List<Pending> failed = new ArrayList<>(pending);
    pending.clear();
    return new Released(List.of(), failed);
  }

  /** Parks until released (false: the write is durable) or handed the lead (true). */
  private boolean waitForLeadOrRelease(Waiter waiter) {
    idle();
    waiter.await();
    return waiter.leads;
  }

  /** Gathers, forces, publishes what the force covered and hands on the lead. */
  private void lead() throws IOException {
    long covered = -1;
    try {
      gather();
      covered = timedForce();
    } finally {
      handOff(covered);
    }
  }

  /**
   * Publishes {@code covered} (-1 after a failed force), takes the covered waiters off the queue,
   * hands the lead to the last waiter left or gives it up, and wakes them, the new leader first.
   * Every writer woken counts as busy at once, so a gathering leader waits for it.
   */
  private void handOff(long covered) {
    Released released;
    Waiter next;
    lock.lock();
    try {
      released = takeReleased(covered);
      if (covered >= 0) {
        stats.groupCommitWrites.increment(); // the leader's own write
      }
      next = waiters.pollLast();
      leading = next != null;
      busy.addAndGet(next == null ? 0 : 1);
    } finally {
      lock.unlock();
    }
    if (next != null) {
      next.wake(true);
    }
    tellOnSyncer(released);
  }

  /**
   * Wakes the parked writers {@code released} holds and tells its acknowledgements from the syncer,
   * as a sync pass would: callbacks never run inside a writer's {@code put}, a {@code sync}, a
   * compaction or {@code close}, so what one throws cannot fail those. A syncer that refuses work
   * (shutting down) leaves them to this thread.
   */
  private void tellOnSyncer(Released released) {
    released.woken().forEach(waiter -> waiter.wake(false));
    if (released.acknowledged().isEmpty()) {
      return;
    }
    Released acknowledgements = new Released(List.of(), released.acknowledged());
    try {
      syncer.execute(() -> acknowledgements.tell(null));
    } catch (RejectedExecutionException e) {
      acknowledgements.tell(null);
    }
  }

  /**
   * Called holding {@link #lock}: publishes {@code covered} (-1: nothing new) as durable and
   * removes the parked writers and the acknowledgements it covers. Each writer released counts as
   * busy at once, so a gathering leader waits for it.
   */
  private Released takeReleased(long covered) {
    durableSequence = Math.max(durableSequence, covered);
    List<Waiter> woken = new ArrayList<>(waiters.size());
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.sequence <= durableSequence) {
        woken.add(waiter);
        it.remove();
      }
    }
    busy.addAndGet(woken.size());
    List<Pending> acknowledged = new ArrayList<>(pending.size());
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending next = it.next();
      if (next.sequence() <= durableSequence) {
        acknowledged.add(next);
        it.remove();
      }
    }
    stats.groupCommitWrites.add(woken.size() + acknowledged.size());
    return new Released(woken, acknowledged);
  }

  /** Parked writers to wake and acknowledgements to tell, outside {@link #lock}. */
  private record Released(List<Waiter> woken, List<Pending> acknowledged) {
    /**
     * Wakes the writers (durable) and tells the acknowledgements: durable, or {@code failure}. One
     * that throws does not keep the others from being told; the first throwable is rethrown after.
     */
    void tell(IOException failure) {
      woken.forEach(waiter -> waiter.wake(false));
      Throwable thrown = null;
      for (Pending next : acknowledged) {
        try {
          if (failure == null) {
            next.acknowledgement().durable();
          } else {
            next.acknowledgement().failed(failure);
          }
        } catch (RuntimeException | Error e) {
          if (thrown == null) {
            thrown = e;
          } else {
            thrown.addSuppressed(e);
          }
        }
      }
      rethrowUnchecked(thrown);
    }
  }

  /**
   * Waits until the leader is the only busy writer, or until the bound passes on the injected
   * clock. A manual clock that does not move leaves only the first condition; it always comes,
   * since a busy writer waits for nothing this leader holds.
   */
  private void gather() {
    if (gatherNanosMax == 0 || busy.get() <= 1) {
      return;
    }
    long deadlineNanos = clock.monotonicNanos() + gatherNanosMax;
    lock.lock();
    gathering = true;
    try {
      while (busy.get() > 1) {
        long leftNanos = deadlineNanos - clock.monotonicNanos();
        if (leftNanos <= 0) {
          return;
        }
        gathered.awaitNanos(leftNanos);
      }
    } catch (InterruptedException e) {
      restoreInterrupt();
    } finally {
      gathering = false;
      lock.unlock();
    }
  }

  /** An interrupt ends the gathering; the writer still forces and returns, interrupted. */
  @SuppressForbidden(
      reason =
          "re-asserts the interrupt a timed condition wait consumed; starts and sleeps nothing")
  private static void restoreInterrupt() {
    Thread.currentThread().interrupt();
  }

  private void forceSerially() throws IOException {
    markDurable(forceWritten());
  }

  /**
   * Forces everything written so far, whatever the policy: sync, the interval task, close; releases
   * the waiters it covered and leaves the lead where it is.
   */
  void forceNow() throws IOException {
    markDurable(forceWritten());
  }

  private void markDurable(long sequence) {
    Released released;
    lock.lock();
    try {
      released = takeReleased(sequence);
    } finally {
      lock.unlock();
    }
    tellOnSyncer(released);
  }

  /** {@link #forceWritten} on behalf of a batch: its latency goes into the stats. */
  private long timedForce() throws IOException {
    long startNanos = clock.monotonicNanos();
    long covered = forceWritten();
    stats.recordGroupForce(clock.monotonicNanos() - startNanos);
    return covered;
  }

  /**
   * Forces every segment of the written position. A force that failed with an I/O error fails every
   * later one too (fsyncgate): after a failed writeback Linux may mark the lost pages clean, so a
   * retried fsync can succeed without them and would acknowledge writes that are gone, as
   * PostgreSQL found in 2018. Nothing is reported durable again until the engine is reopened and
   * recovery reads what the disk really holds. An interrupt or a close is not such a failure.
   */
  private long forceWritten() throws IOException {
    forceLock.lock();
    try {
      Position position = written.get();
      forceAll(position.segments());
      return position.sequence();
    } finally {
      forceLock.unlock();
    }
  }

  /**
   * Forces a segment that a rollover filled (its background seal), under the same rules as every
   * other force: it fails if an earlier one did, and its own failure fails every later one. Without
   * that, a seal's failed fsync would consume the error the kernel reports once, and the next group
   * commit's fsync of the same file would succeed and acknowledge writes whose pages are gone.
   */
  void forceFilled(Segment segment) throws IOException {
    forceLock.lock();
    try {
      forceAll(List.of(segment));
    } finally {
      forceLock.unlock();
    }
  }

  /** Called holding {@link #forceLock}: forces {@code segments}, recording a failure for good. */
  private void forceAll(List<Segment> segments) throws IOException {
    requireNoEarlierFailure();
    try {
      for (Segment segment : segments) {
        force(segment);
      }
    } catch (ClosedChannelException e) {
      throw e;
    } catch (IOException e) {
      forceFailure = e;
      throw e;
    }
  }

  private void requireNoEarlierFailure() throws IOException {
    IOException earlier = forceFailure;
    if (earlier != null) {
      throw new IOException(
          "an earlier fsync failed ("
              + earlier.getMessage()
              + "); no write is acknowledged until the storage engine is reopened",
          earlier);
    }
  }

  /**
   * Forces {@code segment}. One the engine closed after forcing it counts as forced (close forces
   * first, compaction deletes only sealed segments; a close whose force failed does not count); one
   * closed under us (an interrupt) was reopened and retried by {@link Segment}, and if that failed
   * too the force fails: durability is never assumed.
   */
  private void force(Segment segment) throws IOException {
    try {
      directory.force(segment);
      stats.fsyncs.increment();
    } catch (ClosedChannelException e) {
      if (!segment.forcedBeforeClose()) {
        throw e;
      }
    }
  }

  /**
   * One parked writer: a one-shot latch (an uninterruptible shared acquire that keeps the interrupt
   * status, as {@code Phaser.awaitAdvance} did) plus what it was woken for. {@link #leads} is
   * written before the release and read after the acquire, which orders them.
   */
  private static final class Waiter extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;
    final long sequence;
    boolean leads;

    Waiter(long sequence) {
      this.sequence = sequence;
    }

    void await() {
      acquireShared(1);
    }

    void wake(boolean lead) {
      leads = lead;
      releaseShared(1);
    }

    @Override
    protected int tryAcquireShared(int ignored) {
      return getState() == 0 ? -1 : 1;
    }

    @Override
    protected boolean tryReleaseShared(int ignored) {
      setState(1);
      return true;
    }
  }
}
