package io.ringstore.core.wire;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers and writers for the fields messages share: byte arrays, strings, node ids, vector clocks,
 * versions, enums.
 *
 * <p>The rule that keeps hostile frames harmless: every count or length read from the wire is
 * checked against its named maximum and against the bytes left in the frame (times the fewest bytes
 * one item can take) <em>before</em> anything is allocated. Kryo's own {@code readBytes(int)} and
 * {@code readString()} allocate first, so they are never called with a wire length. Readers throw
 * {@link MalformedFrameException}; writers throw IllegalArgumentException for values that break a
 * bound (a local bug, not wire input).
 *
 * <pre>
 * bytes      varint length | length bytes
 * nullable   varint (length + 1), 0 for null | length bytes
 * string     varint UTF-8 length | UTF-8 bytes
 * node id    varint length | ASCII bytes
 * clock      varint entries | entries x (node id | varlong counter | varlong lastUpdatedMillis)
 *            | varint dotted | dotted x (varint index | varint runs | runs x (varlong start | varlong end))
 * versioned  clock | varlong timestampMillis | nullable value (null = tombstone)
 * enum       varint ordinal
 * member     node id | string host | varint port | string zone | float64 weight
 * members    varint count | count x member
 * </pre>
 */
final class WireFields {
  /** Fewest bytes a clock entry takes: 1-byte length, 1-char id, two 1-byte varlongs. */
  private static final int CLOCK_ENTRY_BYTES_MIN = 4;

  /** Fewest bytes a dotted entry's extra fields take: index, run count, one run. */
  private static final int DOTTED_ENTRY_BYTES_MIN = 4;

  /** Fewest bytes a versioned value takes: empty clock (2), 1-byte timestamp, tombstone marker. */
  private static final int VERSIONED_BYTES_MIN = 4;

  /** Most UTF-8 bytes an error message may take: three per character in the worst case. */
  static final int ERROR_MESSAGE_BYTES_MAX = 3 * WireLimits.ERROR_MESSAGE_CHARS_MAX;

  /** Fewest bytes a member takes: 2-byte node id, empty host, 1-byte port, empty zone, weight. */
  static final int MEMBER_BYTES_MIN = 2 + 1 + 1 + 1 + Double.BYTES;

  private static final int HOST_BYTES_MAX = 3 * WireLimits.HOST_CHARS_MAX;
  private static final int ZONE_BYTES_MAX = 3 * WireLimits.ZONE_CHARS_MAX;

  private static final Consistency.Level[] CONSISTENCY_LEVELS = Consistency.Level.values();

  private WireFields() {}

  static void writeBytes(Output out, byte[] bytes) {
    out.writeVarInt(bytes.length, true);
    out.writeBytes(bytes);
  }

  static byte[] readBytes(Input in, int lengthMax, String field) {
    int length = readCount(in, lengthMax, 1, field);
    byte[] bytes = new byte[length];
    in.readBytes(bytes);
    return bytes;
  }

  static void writeNullableBytes(Output out, byte[] bytes, int lengthMax, String field) {
    if (bytes == null) {
      out.writeVarInt(0, true);
      return;
    }
    requireAtMost(bytes.length, lengthMax, field + " bytes");
    out.writeVarInt(bytes.length + 1, true);
    out.writeBytes(bytes);
  }

  static byte[] readNullableBytes(Input in, int lengthMax, String field) {
    int lengthPlusOne = readCount(in, lengthMax + 1, 0, field);
    if (lengthPlusOne == 0) {
      return null;
    }
    int length = lengthPlusOne - 1;
    requireRemaining(in, length, field);
    byte[] bytes = new byte[length];
    in.readBytes(bytes);
    return bytes;
  }

  static void writeString(Output out, String value) {
    writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
  }

  static String readString(Input in, int bytesMax, String field) {
    int length = readCount(in, bytesMax, 1, field);
    String value = new String(in.getBuffer(), in.position(), length, StandardCharsets.UTF_8);
    in.setPosition(in.position() + length);
    return value;
  }

  static void writeNodeId(Output out, NodeId node) {
    String value = node.value();
    out.writeVarInt(value.length(), true);
    for (int i = 0; i < value.length(); i++) {
      out.writeByte(value.charAt(i));
    }
  }

  static NodeId readNodeId(Input in, NodeIdCache nodeIds) {
    int length = readCount(in, NodeId.LENGTH_MAX, 1, "node id");
    NodeId nodeId = nodeIds.get(in.getBuffer(), in.position(), length);
    in.setPosition(in.position() + length);
    return nodeId;
  }

  static void writeClock(Output out, VectorClock clock) {
    int size = clock.size();
    requireAtMost(size, WireLimits.CLOCK_ENTRIES_MAX, "vector clock entries");
    out.writeVarInt(size, true);
    for (int i = 0; i < size; i++) {
      writeNodeId(out, clock.node(i));
      out.writeVarLong(clock.counter(i), true);
      out.writeVarLong(clock.lastUpdatedMillis(i), true);
    }
    out.writeVarInt(dottedEntries(clock), true);
    for (int i = 0; i < size && clock.isDotted(); i++) {
      long[] runs = clock.runs(i);
      if (runs != null) {
        out.writeVarInt(i, true);
        out.writeVarInt(runs.length / 2, true);
        for (long bound : runs) {
          out.writeVarLong(bound, true);
        }
      }
    }
  }

  private static int dottedEntries(VectorClock clock) {
    int dotted = 0;
    for (int i = 0; i < clock.size() && clock.isDotted(); i++) {
      dotted += clock.isDotted(i) ? 1 : 0;
    }
    return dotted;
  }

  static VectorClock readClock(Input in, NodeIdCache nodeIds) {
    int size = readCount(in, WireLimits.CLOCK_ENTRIES_MAX, CLOCK_ENTRY_BYTES_MIN, "clock entries");
    if (size == 0) {
      readCount(in, 0, DOTTED_ENTRY_BYTES_MIN, "dotted clock entries");
      return VectorClock.empty();
    }
    List<VectorClock.Entry> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      NodeId node = readNodeId(in, nodeIds);
      long counter = in.readVarLong(true);
      entries.add(new VectorClock.Entry(node, counter, in.readVarLong(true)));
    }
    int dotted = readCount(in, size, DOTTED_ENTRY_BYTES_MIN, "dotted clock entries");
    for (int k = 0; k < dotted; k++) {
      int index = readCount(in, size - 1, 0, "dotted clock entry index");
      VectorClock.Entry plain = entries.get(index);
      int runCount = readCount(in, VectorClock.RUNS_MAX, 2, "clock entry runs");
      long[] runs = new long[2 * runCount];
      for (int r = 0; r < runs.length; r++) {
        runs[r] = in.readVarLong(true);
      }
      try {
        entries.set(
            index,
            new VectorClock.Entry(plain.node(), plain.counter(), plain.lastUpdatedMillis(), runs));
      } catch (IllegalArgumentException e) {
        throw new MalformedFrameException("invalid dotted clock entry: " + e.getMessage());
      }
    }
    return VectorClock.of(entries);
  }

  static void writeVersioned(Output out, Versioned version) {
    writeClock(out, version.clock());
    out.writeVarLong(version.timestampMillis(), true);
    writeNullableBytes(out, version.value(), WireLimits.VALUE_BYTES_MAX, "value");
  }

  static Versioned readVersioned(Input in, NodeIdCache nodeIds) {
    VectorClock clock = readClock(in, nodeIds);
    long timestampMillis = in.readVarLong(true);
    byte[] value = readNullableBytes(in, WireLimits.VALUE_BYTES_MAX, "value");
    return value == null
        ? Versioned.tombstone(clock, timestampMillis)
        : Versioned.of(clock, timestampMillis, value);
  }

  static void writeVersions(Output out, Versioned[] versions) {
    out.writeVarInt(versions.length, true);
    for (Versioned version : versions) {
      writeVersioned(out, version);
    }
  }

  static Versioned[] readVersions(Input in, NodeIdCache nodeIds) {
    int count = readCount(in, WireLimits.SIBLINGS_MAX, VERSIONED_BYTES_MIN, "versions");
    Versioned[] versions = new Versioned[count];
    for (int i = 0; i < count; i++) {
      versions[i] = readVersioned(in, nodeIds);
    }
    return versions;
  }

  static void writeMember(Output out, Member member) {
    writeNodeId(out, member.id());
    writeString(out, member.host());
    out.writeVarInt(member.port(), true);
    writeString(out, member.zone());
    out.writeDouble(member.weight());
  }

  /** Reads a member; an invalid port or weight surfaces as the constructor's exception. */
  static Member readMember(Input in, NodeIdCache nodeIds) {
    NodeId id = readNodeId(in, nodeIds);
    String host = readString(in, HOST_BYTES_MAX, "member host");
    int port = in.readVarInt(true);
    String zone = readString(in, ZONE_BYTES_MAX, "member zone");
    double weight = in.readDouble();
    return new Member(id, host, port, zone, weight);
  }

  static void writeConsistency(Output out, Consistency consistency) {
    writeEnum(out, consistency.level());
    if (consistency.level() == Consistency.Level.EXPLICIT) {
      out.writeVarInt(consistency.replicaCount(), true);
    }
  }

  static Consistency readConsistency(Input in) {
    Consistency.Level level = readEnum(in, CONSISTENCY_LEVELS, "consistency level");
    int replicaCount = level == Consistency.Level.EXPLICIT ? in.readVarInt(true) : 0;
    return Consistency.of(level, replicaCount);
  }

  static void writeEnum(Output out, Enum<?> value) {
    out.writeVarInt(value.ordinal(), true);
  }

  static <E extends Enum<E>> E readEnum(Input in, E[] values, String field) {
    int ordinal = in.readVarInt(true);
    if (ordinal < 0 || ordinal >= values.length) {
      throw new MalformedFrameException(
          field + " " + Integer.toUnsignedString(ordinal) + " is not one of " + values.length);
    }
    return values[ordinal];
  }

  static boolean readBoolean(Input in, String field) {
    byte value = in.readByte();
    if (value != 0 && value != 1) {
      throw new MalformedFrameException(field + " byte " + value + " is neither 0 nor 1");
    }
    return value == 1;
  }

  /**
   * Reads a count of items and proves it affordable: at most {@code countMax}, and at most the
   * bytes left in the frame divided by the fewest bytes one item takes.
   */
  static int readCount(Input in, int countMax, int itemBytesMin, String field) {
    int count = in.readVarInt(true);
    if (count < 0 || count > countMax) {
      throw new MalformedFrameException(
          field + " count " + Integer.toUnsignedString(count) + " exceeds the maximum " + countMax);
    }
    requireRemaining(in, (long) count * itemBytesMin, field);
    return count;
  }

  private static void requireRemaining(Input in, long bytesNeeded, String field) {
    int bytesLeft = in.limit() - in.position();
    if (bytesNeeded > bytesLeft) {
      throw new MalformedFrameException(
          field
              + " needs at least "
              + bytesNeeded
              + " bytes but the frame has "
              + bytesLeft
              + " left");
    }
  }

  private static void requireAtMost(int value, int max, String what) {
    if (value > max) {
      throw new IllegalArgumentException(what + " " + value + " exceeds the wire maximum " + max);
    }
  }
}
