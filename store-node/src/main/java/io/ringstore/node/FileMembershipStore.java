package io.ringstore.node;

import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.membership.MembershipStore;
import io.ringstore.core.wire.DecodeResult;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.GossipAck2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The node's {@link MembershipStore}: a small file of its data directory holding its generation,
 * its tokens and the members it knew.
 *
 * <pre>
 *   int32 format | int64 generation | int32 n | n x int64 token | int32 m | m bytes: a GossipAck2
 *   frame of the members (the wire codec, with its checks) | int32 status | int32 CRC32C of
 *   everything before
 * </pre>
 *
 * The status (the ordinal of {@link MemberStatus}: a node joining, leaving or gone) came with
 * format 2; a format 1 file reads as NORMAL with tokens and JOINING without.
 *
 * <p>A save writes a temporary file, forces it, renames it over the old one and forces the
 * directory, so a crash leaves either the old or the new file, never a torn one.
 */
final class FileMembershipStore implements MembershipStore {
  static final String FILE_NAME = "membership";
  private static final int FORMAT = 2;
  private static final int FORMAT_WITHOUT_STATUS = 1;

  private final Path file;
  private final Path temporary;
  private final FrameCodec codec = new FrameCodec(FrameLimits.defaults());

  FileMembershipStore(Path dataDirectory) {
    this.file = dataDirectory.resolve(FILE_NAME);
    this.temporary = dataDirectory.resolve(FILE_NAME + ".tmp");
  }

  @Override
  public synchronized Optional<Saved> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(decode(ByteBuffer.wrap(Files.readAllBytes(file))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (RuntimeException e) {
      throw corrupt(e.getMessage());
    }
  }

  @Override
  public synchronized void save(Saved saved) {
    try {
      writeForced(temporary, encode(saved));
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save this node's membership in " + file, e);
    }
  }

  private ByteBuffer encode(Saved saved) {
    byte[] members = codec.encode(0, new GossipAck2(saved.members()));
    int length = 4 + 8 + 4 + 8 * saved.tokens().length + 4 + members.length + 4;
    ByteBuffer buffer = ByteBuffer.allocate(length + 4);
    buffer.putInt(FORMAT).putLong(saved.generation()).putInt(saved.tokens().length);
    for (long token : saved.tokens()) {
      buffer.putLong(token);
    }
    buffer.putInt(members.length).put(members);
    buffer.putInt(saved.status().ordinal());
    buffer.putInt(crcOf(buffer.array(), length));
    return buffer.flip();
  }

  /** Throws with what is wrong for {@link #load} to wrap once into {@link #corrupt}. */
  private Saved decode(ByteBuffer buffer) {
    int length = buffer.limit() - 4;
    if (length < 20 || crcOf(buffer.array(), length) != buffer.getInt(length)) {
      throw new IllegalArgumentException("its checksum does not match");
    }
    int format = buffer.getInt();
    if (format != FORMAT && format != FORMAT_WITHOUT_STATUS) {
      throw new IllegalArgumentException("its format " + format + " is not " + FORMAT);
    }
    long generation = buffer.getLong();
    long[] tokens = new long[buffer.getInt()];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = buffer.getLong();
    }
    byte[] frame = new byte[buffer.getInt()];
    buffer.get(frame);
    DecodeResult members = codec.decode(frame);
    if (!(members instanceof DecodeResult.Decoded decoded
        && decoded.frame().message() instanceof GossipAck2 ack2)) {
      throw new IllegalArgumentException("its member list does not decode");
    }
    if (format == FORMAT_WITHOUT_STATUS) {
      return new Saved(generation, tokens, ack2.states());
    }
    int status = buffer.getInt();
    if (status < 0 || status >= MemberStatus.values().length) {
      throw new IllegalArgumentException("its status " + status + " is unknown");
    }
    return new Saved(generation, tokens, ack2.states(), MemberStatus.values()[status]);
  }

  private IllegalStateException corrupt(String why) {
    return new IllegalStateException(
        file
            + " is corrupt ("
            + why
            + "): it records this node's tokens and generation. Restore it from a backup, or"
            + " delete it to make the node join as new (it then takes back its tokens from the"
            + " cluster's gossip if the others still know it)");
  }

  private static int crcOf(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
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
}
