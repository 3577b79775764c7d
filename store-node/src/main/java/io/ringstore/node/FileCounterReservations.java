package io.ringstore.node;

import io.ringstore.core.coordinator.CounterReservations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The coordinator's counter reservations in a small file of the node's data directory: eight bytes
 * of the reserved counter and four of their CRC32C. A reservation is written to a temporary file,
 * forced, renamed over the old one and the directory forced, so a crash leaves either the old or
 * the new reservation, never a torn one.
 */
final class FileCounterReservations implements CounterReservations {
  static final String FILE_NAME = "coordinator-counters";
  private static final int FILE_BYTES = Long.BYTES + Integer.BYTES;

  private final Path file;
  private final Path temporary;

  FileCounterReservations(Path dataDirectory) {
    this.file = dataDirectory.resolve(FILE_NAME);
    this.temporary = dataDirectory.resolve(FILE_NAME + ".tmp");
  }

  @Override
  public long reserved() {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      return decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void reserve(long upTo) {
    try {
      writeForced(temporary, encode(upTo));
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      forceDirectory(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reserve coordinator counters in " + file, e);
    }
  }

  private long decode(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length != FILE_BYTES || crcOf(buffer.getLong(0)) != buffer.getInt(Long.BYTES)) {
      throw new IllegalStateException(
          file
              + " is corrupt: it records which vector clock counters this node issued. Restore it"
              + " from a backup, or replace the node with a new node id");
    }
    return buffer.getLong(0);
  }

  private static ByteBuffer encode(long upTo) {
    ByteBuffer buffer = ByteBuffer.allocate(FILE_BYTES);
    buffer.putLong(upTo).putInt(crcOf(upTo)).flip();
    return buffer;
  }

  private static int crcOf(long value) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(Long.BYTES).putLong(0, value));
    return (int) crc.getValue();
  }

  private static void writeForced(Path path, ByteBuffer content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (content.hasRemaining()) {
        channel.write(content);
      }
      channel.force(true);
    }
  }

  private static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
