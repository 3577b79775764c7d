package io.ringstore.core.storage.log;

import io.ringstore.core.annotation.SuppressForbidden;
import io.ringstore.core.time.Clock;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
 * <p>Leader and followers, with no thread of its own: a writer whose sequence is not yet durable
 * either becomes the leader (no force is running: it gathers, captures the written position,
 * forces, then publishes the durable sequence and wakes everyone) or waits for the running force to
 * finish and checks again. A writer that appended while a force was running is covered by the next
 * one, whose cost is shared by everyone who arrived meanwhile.
 *
 * <p>Gathering (PostgreSQL's {@code commit_delay} with {@code commit_siblings}). Without it the
 * batches alternate: when a force ends, the first writer it wakes leads the next one at once,
 * alone, while the other woken writers are still on their way out and back in; they all wait for
 * that lonely force and make the batch after it. Measured with 16 writers: about 8 writes per
 * fsync, half of what they could share. So group commit counts its busy writers: a writer is busy
 * from {@link #enter} (it entered {@code put}) to {@link #exit} except while it waits for a force,
 * and a waiter counts as busy again from the moment a force releases it, before it even runs. A new
 * leader with busy siblings waits until none is left (each has appended and is waiting, or has
 * left), at most {@link #GATHER_NANOS_MAX} by the injected clock. With no busy sibling it forces at
 * once, so a lone writer pays nothing. The wait is a condition the last sibling signals, never a
 * sleep or a spin, so it costs no CPU on a small box.
 *
 * <p>Without sharing ({@code shared == false}) each writer forces on its own, one at a time, and
 * never skips its force because another covered it: the honest baseline for what group commit
 * saves.
 *
 * <p>Concurrency: a mutex guards who leads and who waits, held for a few field updates only; a
 * waiter parks on a phaser holding nothing, and the append lock is never taken here, so appends
 * continue during a force. Writers whose sequence is already durable return on a volatile read
 * without the mutex. If a force fails the leader's writer gets the exception; the waiters wake up
 * and one of them leads the next attempt.
 *
 * <p>Measured (16 writers, 100-byte values, ext4 on virtio, two shared cores): writes per fsync
 * went from about 8 to 13-15 of the 16 possible. The remaining cost of a cycle is waking the
 * writers and running their next puts on two cores, which a gathering leader waits for rather than
 * overlapping with the previous force.
 */
final class GroupCommit {
  /**
   * Longest a leader waits for siblings still appending: 200 µs, under a fast fsync (0.3 ms on
   * virtio ext4) and far under a slow one, yet long enough for 15 woken writers to append on two
   * cores. Bounds the latency a lone writer could pay if a sibling stalls before appending.
   */
  static final long GATHER_NANOS_MAX = TimeUnit.MICROSECONDS.toNanos(200);

  /** The generation {@link #awaitDurable} notes when it is to lead rather than wait. */
  private static final int LEADING = -1;

  /** The active segment and the log-wide sequence appended so far, read together. */
  record Position(List<Segment> segments, long sequence) {}

  private final Supplier<Position> written;
  private final SegmentDirectory directory;
  private final boolean shared;
  private final LongAdder fsyncs;
  private final Clock clock;
  private final long gatherNanosMax;
  private final AtomicInteger busy = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition gathered = lock.newCondition();
  private final Phaser released = new Phaser(1);
  private final ReentrantLock serial = new ReentrantLock();
  private volatile long durableSequence;
  private volatile boolean gathering;
  private boolean forceRunning;
  private int waiting;
  private volatile long releases;

  GroupCommit(
      Supplier<Position> written,
      SegmentDirectory directory,
      boolean shared,
      LongAdder fsyncs,
      Clock clock,
      long gatherNanosMax) {
    if (gatherNanosMax < 0) {
      throw new IllegalArgumentException("gatherNanosMax is " + gatherNanosMax + ", must be >= 0");
    }
    this.written = written;
    this.directory = directory;
    this.shared = shared;
    this.fsyncs = fsyncs;
    this.clock = clock;
    this.gatherNanosMax = gatherNanosMax;
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
    while (durableSequence < sequence) {
      long generation;
      lock.lock();
      try {
        if (durableSequence >= sequence) {
          return;
        }
        generation = forceRunning ? releases : LEADING;
        if (forceRunning) {
          waiting++;
        }
        forceRunning = true;
      } finally {
        lock.unlock();
      }
      if (generation == LEADING) {
        lead();
      } else {
        idle();
        awaitRelease(generation);
      }
    }
  }

  /**
   * Parks until the release after {@code generation}. The phase is read before the generation, so a
   * release that lands in between is seen either way and no wake-up is lost.
   */
  private void awaitRelease(long generation) {
    while (true) {
      int phase = released.getPhase();
      if (releases != generation) {
        return;
      }
      released.awaitAdvance(phase);
    }
  }

  /** Gathers, forces, publishes what the force covered and releases the waiters. */
  private void lead() throws IOException {
    long covered = -1;
    try {
      gather();
      covered = forceWritten();
    } finally {
      lock.lock();
      try {
        forceRunning = false;
        durableSequence = Math.max(durableSequence, covered);
        countReleased();
      } finally {
        lock.unlock();
      }
      released.arrive();
    }
  }

  /**
   * Called holding {@link #lock}: ends a generation of waiters and counts them busy at once; the
   * caller then advances the phaser outside the lock. The advance unparks each waiter from the
   * releasing thread, so they run in parallel instead of handing a lock on to one another as a
   * condition's {@code signalAll} makes them do, and a writer arriving meanwhile does not queue
   * behind the unparking.
   */
  private void countReleased() {
    busy.addAndGet(waiting);
    waiting = 0;
    releases++;
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
    serial.lock();
    try {
      markDurable(forceWritten());
    } finally {
      serial.unlock();
    }
  }

  /** Forces everything written so far, whatever the policy: sync, the interval task, close. */
  void forceNow() throws IOException {
    markDurable(forceWritten());
  }

  private void markDurable(long sequence) {
    lock.lock();
    try {
      durableSequence = Math.max(durableSequence, sequence);
      countReleased();
    } finally {
      lock.unlock();
    }
    released.arrive();
  }

  private long forceWritten() throws IOException {
    Position position = written.get();
    for (Segment segment : position.segments()) {
      force(segment);
    }
    return position.sequence();
  }

  /**
   * Forces {@code segment}. One the engine closed was forced before (close forces, compaction
   * deletes only sealed segments); one closed under us (an interrupt) was reopened and retried by
   * {@link Segment}, and if that failed too the force fails: durability is never assumed.
   */
  private void force(Segment segment) throws IOException {
    try {
      directory.force(segment);
      fsyncs.increment();
    } catch (ClosedChannelException e) {
      if (!segment.closedByEngine()) {
        throw e;
      }
    }
  }
}
