package io.ringstore.core.version;

import static io.ringstore.core.version.TestClocks.bytes;
import static io.ringstore.core.version.TestClocks.clock;
import static io.ringstore.core.version.TestClocks.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionedTest {
  private static final VectorClock CLOCK = clock(entry("n1", 2));

  @Test
  void equalsComparesValueBytesByContent() {
    Versioned a = Versioned.of(CLOCK, 100, bytes("hello"));
    Versioned b = Versioned.of(clock(entry("n1", 2, 999)), 100, bytes("hello"));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Versioned.of(CLOCK, 100, bytes("hellO")));
    assertThat(a).isNotEqualTo(Versioned.of(CLOCK, 101, bytes("hello")));
    assertThat(a).isNotEqualTo(Versioned.of(clock(entry("n1", 3)), 100, bytes("hello")));
  }

  @Test
  void aTombstoneHasNoValueAndDiffersFromAnEmptyValue() {
    Versioned tombstone = Versioned.tombstone(CLOCK, 100);
    Versioned empty = Versioned.of(CLOCK, 100, new byte[0]);

    assertThat(tombstone.isTombstone()).isTrue();
    assertThat(tombstone.value()).isNull();
    assertThat(empty.isTombstone()).isFalse();
    assertThat(tombstone).isNotEqualTo(empty);
    assertThat(tombstone.hashCode()).isNotEqualTo(empty.hashCode());
    assertThat(tombstone).isEqualTo(Versioned.tombstone(CLOCK, 100));
  }

  @Test
  void toStringShowsTheLengthNotTheBytes() {
    assertThat(Versioned.of(CLOCK, 100, bytes("secret")))
        .hasToString("Versioned[clock={n1:2}, timestampMillis=100, 6 bytes]");
    assertThat(Versioned.tombstone(CLOCK, 100))
        .hasToString("Versioned[clock={n1:2}, timestampMillis=100, tombstone]");
  }

  @Test
  void rejectsANullClockAndANullValueOutsideTombstones() {
    assertThatThrownBy(() -> Versioned.of(null, 100, bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Versioned.tombstone(null, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Versioned.of(CLOCK, 100, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tombstone");
  }
}
