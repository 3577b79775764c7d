package io.ringstore.benchmarks.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A YCSB record survives its encoding as one value; a value that is not one is refused. */
class FieldCodecTest {
  @Test
  void aRecordRoundTripsInItsFieldOrder() {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put("field0", bytes("zero"));
    fields.put("field1", new byte[0]);
    fields.put("fëld2", new byte[] {0, -1, 7});

    Map<String, byte[]> decoded = FieldCodec.decode(FieldCodec.encode(fields));

    assertThat(decoded.keySet()).containsExactly("field0", "field1", "fëld2");
    fields.forEach((name, value) -> assertThat(decoded.get(name)).isEqualTo(value));
  }

  @Test
  void siblingsMergeFieldByFieldLaterOverEarlier() {
    byte[] first = FieldCodec.encode(Map.of("a", bytes("1"), "b", bytes("1")));
    byte[] second = FieldCodec.encode(Map.of("b", bytes("2")));

    Map<String, byte[]> merged = RingstoreYcsbDb.merged(List.of(first, second));

    assertThat(merged.get("a")).isEqualTo(bytes("1"));
    assertThat(merged.get("b")).isEqualTo(bytes("2"));
  }

  @Test
  void aValueThatIsNotARecordIsRefusedWithWhatIsWrong() {
    byte[] record = FieldCodec.encode(Map.of("field0", bytes("value")));

    assertThatThrownBy(() -> FieldCodec.decode(bytes("hello, world")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a YCSB record");
    assertThatThrownBy(() -> FieldCodec.decode(Arrays.copyOf(record, record.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldCodec.decode(Arrays.copyOf(record, record.length + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("follow the last field");
    assertThatThrownBy(() -> FieldCodec.decode(new byte[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends inside");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
