package io.ringstore.benchmarks.ycsb;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YCSB record (field name to bytes) as one ringstore value:
 *
 * <pre>
 *   int32 fieldCount, then per field: int32 nameBytes, name (UTF-8), int32 valueBytes, value
 * </pre>
 *
 * big-endian. Decoding checks every length against the bytes left and throws {@link
 * IllegalArgumentException} naming what is wrong, so a value some other client wrote under a key of
 * the benchmark's table is reported, not misread.
 */
final class FieldCodec {
  private static final int LENGTH_BYTES = Integer.BYTES;

  private FieldCodec() {}

  /** The value holding {@code fields}, in their iteration order. */
  static byte[] encode(Map<String, byte[]> fields) {
    int size = LENGTH_BYTES;
    Map<byte[], byte[]> encoded = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> field : fields.entrySet()) {
      byte[] name = field.getKey().getBytes(StandardCharsets.UTF_8);
      encoded.put(name, field.getValue());
      size += 2 * LENGTH_BYTES + name.length + field.getValue().length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(fields.size());
    encoded.forEach(
        (name, value) -> out.putInt(name.length).put(name).putInt(value.length).put(value));
    return out.array();
  }

  /** The fields of a value {@link #encode} wrote, in their order. */
  static Map<String, byte[]> decode(byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    try {
      int count = length(in, "field count");
      Map<String, byte[]> fields = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = new String(bytes(in, "name of field " + i), StandardCharsets.UTF_8);
        fields.put(name, bytes(in, "value of field " + name));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes follow the last field");
      }
      return fields;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the value ends inside its field table", e);
    }
  }

  private static byte[] bytes(ByteBuffer in, String what) {
    byte[] bytes = new byte[length(in, what)];
    in.get(bytes);
    return bytes;
  }

  private static int length(ByteBuffer in, String what) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException(
          "not a YCSB record: the "
              + what
              + " says "
              + length
              + " with "
              + in.remaining()
              + " bytes left");
    }
    return length;
  }
}
