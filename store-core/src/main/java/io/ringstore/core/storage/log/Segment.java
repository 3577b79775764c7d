package io.ringstore.core.storage.log;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One segment file: records appended at its end by the holder of the engine's append lock (or by
 * the compactor, for an output segment nobody else writes), read at any offset by any thread with
 * positional reads, which {@link FileChannel} allows concurrently.
 *
 * <p>States: {@code ACTIVE} (taking appends), {@code FILLED} (rolled over and forced, its hint file
 * not yet written), {@code SEALED} (hint written or given up; compaction may rewrite it). {@link
 * #sizeBytes} is the end of the last complete record: an append that fails leaves it unchanged and
 * cuts the file back to it.
 */
final class Segment {
  enum State {
    ACTIVE,
    FILLED,
    SEALED
  }

  private final long id;
  private final Path path;
  private final FileChannel channel;
  private volatile long sizeBytes;
  private volatile State state;
  private volatile boolean nameForced = true;
  private volatile boolean corruptFound;

  Segment(long id, Path path, FileChannel channel, long sizeBytes, State state) {
    this.id = id;
    this.path = path;
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
        position += channel.write(record, position);
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
      int read = channel.read(buffer, position);
      if (read < 0) {
        throw new EOFException("segment " + id + " ends before offset " + (offset + sizeBytes));
      }
      position += read;
    }
    return buffer.flip();
  }

  void force() throws IOException {
    channel.force(false);
  }

  /** Cuts the file to {@code length} bytes (recovery, a torn tail). */
  void truncate(long length) throws IOException {
    channel.truncate(length);
    channel.force(false);
    sizeBytes = length;
  }

  void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "segment " + id + " (" + state + ", " + sizeBytes + " bytes)";
  }
}
