package io.ringstore.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.testing.Seeds;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A ring sent to a client as a {@link RingResponse} comes back identical, and bounds hold. */
class RingResponseTest {
  private static final int KEYS_CHECKED = 2_000;
  private static final int KEY_BYTES = 12;

  private final FrameCodec codec = new FrameCodec(FrameLimits.defaults());

  static Stream<Ring> rings() {
    return Stream.of(
        WireSamples.smallRing(),
        WireSamples.zonedRing(),
        Ring.of(RingConfig.defaults(), List.of(Member.of("solo", "localhost", 7000))));
  }

  @ParameterizedTest
  @MethodSource("rings")
  void aRingSurvivesTheWireIdentically(Ring ring) {
    Ring rebuilt = throughTheWire(RingResponse.of(ring)).toRing(Murmur3Partitioner.INSTANCE);

    assertThat(rebuilt.epoch()).isEqualTo(ring.epoch());
    assertThat(rebuilt.config()).isEqualTo(ring.config());
    assertThat(rebuilt.members()).containsExactlyElementsOf(ring.members());
    for (Member member : ring.members()) {
      assertThat(rebuilt.tokensOf(member.id())).containsExactly(ring.tokensOf(member.id()));
    }
    assertThat(rebuilt.primaryShares()).isEqualTo(ring.primaryShares());
    assertSamePreferenceLists(rebuilt, ring);
  }

  @Test
  void anEmptyRingKeepsItsEpochAndConfig() {
    Ring empty = Ring.empty(RingConfig.defaults().withFallbacksMax(0)).withEpoch(9);

    Ring rebuilt = throughTheWire(RingResponse.of(empty)).toRing(Murmur3Partitioner.INSTANCE);

    assertThat(rebuilt.isEmpty()).isTrue();
    assertThat(rebuilt.epoch()).isEqualTo(9);
    assertThat(rebuilt.config()).isEqualTo(empty.config());
  }

  @Test
  void membersSharingATokenAreRejectedWhenRebuilt() {
    RingResponse response =
        new RingResponse(
            1,
            3,
            1,
            0,
            List.of(
                new RingResponse.MemberTokens(Member.of("a", "h", 1), new long[] {5}),
                new RingResponse.MemberTokens(Member.of("b", "h", 2), new long[] {5})));

    assertThatThrownBy(() -> response.toRing(Murmur3Partitioner.INSTANCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token 5");
  }

  @Test
  void boundsAreChecked() {
    Member longHost = Member.of("a", "h".repeat(WireLimits.HOST_CHARS_MAX + 1), 1);
    Member longZone = Member.of("a", "h", 1).inZone("z".repeat(WireLimits.ZONE_CHARS_MAX + 1));
    long[] tooManyTokens = new long[WireLimits.RING_MEMBER_TOKENS_MAX + 1];

    assertThatThrownBy(() -> new RingResponse.MemberTokens(longHost, new long[] {1}))
        .hasMessageContaining("host characters");
    assertThatThrownBy(() -> new RingResponse.MemberTokens(longZone, new long[] {1}))
        .hasMessageContaining("zone characters");
    assertThatThrownBy(() -> new RingResponse.MemberTokens(Member.of("a", "h", 1), new long[0]))
        .hasMessageContaining("must own a token");
    assertThatThrownBy(() -> new RingResponse.MemberTokens(Member.of("a", "h", 1), tooManyTokens))
        .hasMessageContaining("tokens exceed the maximum");
    assertThatThrownBy(() -> new RingResponse(-1, 3, 1, 0, List.of()))
        .hasMessageContaining("epoch");
    assertThatThrownBy(
            () -> new RingResponse(0, RingConfig.REPLICATION_FACTOR_MAX + 1, 1, 0, List.of()))
        .hasMessageContaining("replicationFactor");
  }

  private RingResponse throughTheWire(RingResponse response) {
    DecodeResult result = codec.decode(codec.encode(1, response));
    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    return (RingResponse) ((DecodeResult.Decoded) result).frame().message();
  }

  private static void assertSamePreferenceLists(Ring actual, Ring expected) {
    Random random = new Random(Seeds.seed("RingResponseTest"));
    byte[] key = new byte[KEY_BYTES];
    for (int i = 0; i < KEYS_CHECKED; i++) {
      random.nextBytes(key);
      assertThat(actual.preferenceList(key).replicas())
          .containsExactlyElementsOf(expected.preferenceList(key).replicas());
      assertThat(actual.preferenceList(key).fallbacks())
          .containsExactlyElementsOf(expected.preferenceList(key).fallbacks());
    }
  }
}
