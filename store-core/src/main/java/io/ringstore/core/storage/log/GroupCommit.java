package io.ringstore.core.storage.log;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes appended bytes durable, sharing one fsync among concurrent writers (group commit).
 *
 * <p>Positions: every append advances a log-wide sequence by its record size; {@link Position}
 * pairs the active segment with the sequence written so far, captured atomically under the engine's
 * append lock. A rollover forces the segment it seals before the next one takes appends, so every
 * byte at or below a captured sequence lies in the captured segment or in one already forced:
 * forcing the captured segment makes the whole captured sequence durable.
 *
 * <p>Leader and followers, with no thread of its own: a writer whose sequence is not yet durable
 * either becomes the leader (no force is running: it captures the written position, forces, then
 * publishes the durable sequence and wakes everyone) or waits for the running force to finish and
 * checks again. A writer that appended while a force was running is covered by the next one, whose
 * cost is shared by everyone who arrived meanwhile. Without sharing ({@code shared == false}) each
 * writer forces on its own, one at a time: for measuring what group commit saves.
 *
 * <p>Only the mutex is held while waiting, never the append lock, so appends continue during a
 * force. If a force fails the leader's writer gets the exception; the waiters wake up and one of
 * them leads the next attempt.
 */
final class GroupCommit {
  /** The active segment and the log-wide sequence appended so far, read together. */
  record Position(List<Segment> segments, long sequence) {}

  private final Supplier<Position> written;
  private final SegmentDirectory directory;
  private final boolean shared;
  private final LongAdder fsyncs;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition forced = lock.newCondition();
  private final ReentrantLock serial = new ReentrantLock();
  private long durableSequence;
  private boolean forceRunning;

  GroupCommit(
      Supplier<Position> written, SegmentDirectory directory, boolean shared, LongAdder fsyncs) {
    this.written = written;
    this.directory = directory;
    this.shared = shared;
    this.fsyncs = fsyncs;
  }

  /** Returns once every byte up to {@code sequence} is on disk. */
  void awaitDurable(long sequence) throws IOException {
    if (!shared) {
      forceSerially();
      return;
    }
    lock.lock();
    try {
      while (durableSequence < sequence) {
        if (forceRunning) {
          forced.awaitUninterruptibly();
        } else {
          lead();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Called holding {@link #lock}; releases it while forcing. */
  private void lead() throws IOException {
    forceRunning = true;
    lock.unlock();
    long covered = -1;
    try {
      covered = forceWritten();
    } finally {
      lock.lock();
      forceRunning = false;
      durableSequence = Math.max(durableSequence, covered);
      forced.signalAll();
    }
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
      forced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private long forceWritten() throws IOException {
    Position position = written.get();
    for (Segment segment : position.segments()) {
      force(segment);
    }
    return position.sequence();
  }

  /** Forces {@code segment}; a closed one was sealed, and sealing forced it. */
  private void force(Segment segment) throws IOException {
    try {
      directory.force(segment);
      fsyncs.increment();
    } catch (ClosedChannelException e) {
      if (segment.state() == Segment.State.ACTIVE) {
        throw e;
      }
    }
  }
}
