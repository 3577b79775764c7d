package io.ringstore.core.storage.log;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One segment file: records appended at its end by the holder of the engine's append lock (or by
 * the compactor, for an output segment nobody else writes), read at any offset by any thread with
 * positional reads, which {@link FileChannel} allows concurrently.
 *
 * <p>States: {@code ACTIVE} (taking appends), {@code FILLED} (rolled over and forced, its hint file
 * not yet written), {@code SEALED} (hint written or given up; compaction may rewrite it). {@link
 * #sizeBytes} is the end of the last complete record: an append that fails leaves it unchanged and
 * cuts the file back to it.
 *
 * <p>Closed under us. {@link FileChannel} is interruptible: a thread interrupted in a read or a
 * force closes the channel for every thread ({@code ClosedByInterruptException}). So a segment
 * remembers whether the engine closed it ({@link #closedByEngine}: close or delete, after forcing);
 * any other close is repaired by reopening the same file under {@link #channelLock} and retrying
 * the operation once. The interrupted thread itself gets its exception after the reopen (a retry
 * from it would close the new channel again). Pitfall: after a reopen, fsync on the new descriptor
 * flushes the file's dirty pages, but Linux reports a writeback error that happened before the
 * reopen only to descriptors open at the time; such a loss would be silent, as after any reopen.
 */
final class Segment {
  enum State {
    ACTIVE,
    FILLED,
    SEALED
  }

  private final long id;
  private final Path path;
  private final ChannelOpener opener;
  private final ReentrantLock channelLock = new ReentrantLock();
  private volatile FileChannel channel;
  private volatile boolean closedByEngine;
  private volatile boolean forcedBeforeClose;
  private volatile long sizeBytes;
  private volatile State state;
  private volatile boolean nameForced = true;
  private volatile boolean corruptFound;

  Segment(
      long id, Path path, ChannelOpener opener, FileChannel channel, long sizeBytes, State state) {
    this.id = id;
    this.path = path;
    this.opener = opener;
    this.channel = channel;
    this.sizeBytes = sizeBytes;
    this.state = state;
  }

  long id() {
    return id;
  }

  Path path() {
    return path;
  }

  long sizeBytes() {
    return sizeBytes;
  }

  State state() {
    return state;
  }

  void state(State next) {
    state = next;
  }

  /** Whether the directory entry of this file is known to be on disk. */
  boolean nameForced() {
    return nameForced;
  }

  void nameForced(boolean value) {
    nameForced = value;
  }

  /**
   * Whether a read or a compaction found a corrupt record here since open: the version it held may
   * have superseded one in another segment, so only a full compaction pass may delete this one.
   */
  boolean corruptFound() {
    return corruptFound;
  }

  void corruptFound(boolean value) {
    corruptFound = value;
  }

  /**
   * Appends {@code record} whole and returns its offset. On failure the file is cut back to the
   * previous end (best effort: a later append overwrites whatever stays) and the exception
   * rethrown.
   */
  long append(ByteBuffer record) throws IOException {
    long offset = sizeBytes;
    try {
      long position = offset;
      while (record.hasRemaining()) {
        long at = position;
        position += withChannel(channel -> channel.write(record, at));
      }
    } catch (IOException e) {
      cutBackTo(offset, e);
      throw e;
    }
    sizeBytes = offset + record.limit();
    return offset;
  }

  private void cutBackTo(long offset, IOException failure) {
    try {
      channel.truncate(offset);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** The {@code sizeBytes} bytes at {@code offset}. */
  ByteBuffer read(long offset, int sizeBytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(sizeBytes);
    long position = offset;
    while (buffer.hasRemaining()) {
      long at = position;
      int read = withChannel(channel -> channel.read(buffer, at));
      if (read < 0) {
        throw new EOFException("segment " + id + " ends before offset " + (offset + sizeBytes));
      }
      position += read;
    }
    return buffer.flip();
  }

  void force() throws IOException {
    withChannel(
        channel -> {
          channel.force(false);
          return null;
        });
  }

  /** Cuts the file to {@code length} bytes (recovery, a torn tail). */
  void truncate(long length) throws IOException {
    withChannel(channel -> channel.truncate(length));
    force();
    sizeBytes = length;
  }

  /**
   * Closes the channel for good: reads and forces after this throw {@link ClosedChannelException}.
   * {@code forced} says whether everything written to it was forced first: a force that finds the
   * segment closed may count as done only then.
   */
  void close(boolean forced) throws IOException {
    channelLock.lock();
    try {
      if (!closedByEngine) { // the first close decides; a second one finds nothing left to force
        closedByEngine = true;
        forcedBeforeClose = forced;
      }
      channel.close();
    } finally {
      channelLock.unlock();
    }
  }

  /** Whether the engine closed this segment, not an interrupt. */
  boolean closedByEngine() {
    return closedByEngine;
  }

  /**
   * Whether the engine closed this segment after forcing all it held: close after its final force
   * succeeded, or delete of a sealed segment. A close whose force failed leaves this false, so a
   * writer waiting for that force is told it failed, never that it is durable.
   */
  boolean forcedBeforeClose() {
    return forcedBeforeClose;
  }

  /** One channel operation. */
  private interface ChannelCall<T> {
    T on(FileChannel channel) throws IOException;
  }

  /**
   * Runs {@code call}; if something other than the engine closed the channel, reopens, retries
   * once.
   */
  private <T> T withChannel(ChannelCall<T> call) throws IOException {
    FileChannel current = channel;
    try {
      return call.on(current);
    } catch (ClosedByInterruptException e) {
      reopen(current, e);
      throw e;
    } catch (ClosedChannelException e) {
      reopen(current, e);
      return call.on(channel);
    }
  }

  /**
   * Replaces {@code broken} with a new channel on the same file, unless the engine closed this
   * segment (then {@code failure} is rethrown) or another thread replaced it already.
   */
  private void reopen(FileChannel broken, ClosedChannelException failure) throws IOException {
    channelLock.lock();
    try {
      if (closedByEngine) {
        throw failure;
      }
      if (channel == broken) {
        channel = opener.open(path, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        closeQuietly(broken);
      }
    } finally {
      channelLock.unlock();
    }
  }

  private static void closeQuietly(FileChannel broken) {
    try {
      broken.close();
    } catch (IOException e) {
      // It was closed under us already; this only frees a wrapper.
    }
  }

  @Override
  public String toString() {
    return "segment " + id + " (" + state + ", " + sizeBytes + " bytes)";
  }
}
