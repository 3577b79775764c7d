package io.ringstore.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Message constructors and limits reject what the wire could not carry, with clear messages. */
class MessageValidationTest {
  private static final byte[] KEY = {1, 2, 3};

  @Test
  void consistencyFactoriesShareConstantsAndExplicitCarriesItsCount() {
    assertThat(Consistency.of(Consistency.Level.QUORUM, 0)).isSameAs(Consistency.quorum());
    assertThat(Consistency.of(Consistency.Level.DEFAULT, 0)).isSameAs(Consistency.nodeDefault());
    assertThat(Consistency.explicit(2).replicaCount()).isEqualTo(2);
    assertThat(Consistency.all().replicaCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, WireLimits.REPLICAS_MAX + 1})
  void explicitConsistencyNeedsACountInRange(int count) {
    assertThatThrownBy(() -> Consistency.explicit(count))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("explicit replicaCount");
  }

  @Test
  void nonExplicitConsistencyRejectsACount() {
    assertThatThrownBy(() -> Consistency.of(Consistency.Level.ONE, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be 0 for level ONE");
  }

  @Test
  void keysAndValuesOverTheirMaximumAreRejected() {
    byte[] longKey = new byte[WireLimits.KEY_BYTES_MAX + 1];
    byte[] largeValue = new byte[WireLimits.VALUE_BYTES_MAX + 1];
    VectorClock empty = VectorClock.empty();

    assertThatThrownBy(() -> new ReplicaGetRequest(longKey)).hasMessageContaining("key of");
    assertThatThrownBy(() -> new PutRequest(KEY, largeValue, empty, Consistency.one(), 0))
        .hasMessageContaining("value of");
    assertThatThrownBy(() -> new ReplicaPutRequest(KEY, Versioned.of(empty, 0, largeValue)))
        .hasMessageContaining("value of");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, WireLimits.TIMEOUT_MILLIS_MAX + 1})
  void timeoutsOutOfRangeAreRejected(int timeoutMillis) {
    assertThatThrownBy(() -> new GetRequest(KEY, Consistency.one(), timeoutMillis))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeoutMillis");
  }

  @Test
  void siblingListsAreBoundedAndHoldNoNulls() {
    Versioned[] tooMany = WireSamples.siblings(WireLimits.SIBLINGS_MAX + 1);

    assertThatThrownBy(() -> new GetResponse(tooMany)).hasMessageContaining("exceed the maximum");
    assertThatThrownBy(() -> new ReplicaGetResponse(new Versioned[1]))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void clientResponsesRejectANegativeRingEpoch() {
    VectorClock clock = WireSamples.clock(1);

    assertThatThrownBy(() -> new GetResponse(new Versioned[0], -1))
        .hasMessageContaining("ring epoch -1");
    assertThatThrownBy(() -> new PutResponse(clock, -1)).hasMessageContaining("ring epoch -1");
    assertThatThrownBy(() -> new DeleteResponse(clock, Long.MIN_VALUE))
        .hasMessageContaining("must not be negative");
  }

  @Test
  void quorumFailedResponseSaysHowManyAnsweredOfHowManyNeeded() {
    assertThat(new QuorumFailedResponse(2, 3, 3).describe())
        .isEqualTo("2 of 3 required replicas answered (3 asked)");
    assertThatThrownBy(() -> new QuorumFailedResponse(3, 3, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QuorumFailedResponse(2, 3, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorResponseOfTruncatesLongMessagesAndTheConstructorRejectsThem() {
    String longMessage = "x".repeat(WireLimits.ERROR_MESSAGE_CHARS_MAX + 10);

    assertThat(ErrorResponse.of(ErrorCode.INTERNAL, longMessage).message())
        .hasSize(WireLimits.ERROR_MESSAGE_CHARS_MAX)
        .endsWith("...");
    assertThatThrownBy(() -> new ErrorResponse(ErrorCode.INTERNAL, longMessage))
        .hasMessageContaining("ErrorResponse.of");
  }

  @ParameterizedTest
  @ValueSource(
      ints = {FrameLimits.FRAME_BYTES_MAX_FLOOR - 1, FrameLimits.FRAME_BYTES_MAX_CEILING + 1, -1})
  void frameLimitsOutOfRangeAreRejected(int frameBytesMax) {
    assertThatThrownBy(() -> new FrameLimits(frameBytesMax))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frameBytesMax");
  }

  @Test
  void frameLimitsAcceptTheirBoundsAndDefault() {
    assertThat(FrameLimits.defaults().frameBytesMax()).isEqualTo(32 * 1024 * 1024);
    assertThat(new FrameLimits(FrameLimits.FRAME_BYTES_MAX_FLOOR)).isNotNull();
    assertThat(new FrameLimits(16 * 1024 * 1024).frameBytesMax()).isEqualTo(16 * 1024 * 1024);
  }

  @Test
  void gossipIsBoundedInCountHostZoneAndTokens() {
    List<GossipDigest> tooMany = new ArrayList<>();
    for (int i = 0; i <= WireLimits.RING_MEMBERS_MAX; i++) {
      tooMany.add(new GossipDigest(NodeId.of("n" + i), 1, 1));
    }
    Member longHost = Member.of("a", "h".repeat(WireLimits.HOST_CHARS_MAX + 1), 1);
    Member longZone = Member.of("a", "h", 1).inZone("z".repeat(WireLimits.ZONE_CHARS_MAX + 1));

    assertThatThrownBy(() -> new GossipSyn(tooMany)).hasMessageContaining("exceed the maximum");
    assertThatThrownBy(() -> info(longHost, new long[] {1})).hasMessageContaining("host");
    assertThatThrownBy(() -> info(longZone, new long[] {1})).hasMessageContaining("zone");
    assertThatThrownBy(() -> info(Member.of("a", "h", 1), new long[] {2, 1}))
        .hasMessageContaining("ascend");
    assertThatThrownBy(
            () -> info(Member.of("a", "h", 1), new long[WireLimits.RING_MEMBER_TOKENS_MAX + 1]))
        .hasMessageContaining("tokens exceed");
    assertThatThrownBy(
            () ->
                new GossipState(NodeId.of("b"), 1, 5, info(Member.of("a", "h", 1), new long[] {1})))
        .hasMessageContaining("another member");
  }

  private static GossipInfo info(Member member, long[] tokens) {
    return new GossipInfo(member, MemberStatus.NORMAL, 1, tokens);
  }

  @Test
  void membersDecodedWithAnInvalidWeightAreAMalformedFrame() {
    FrameCodec codec = new FrameCodec(FrameLimits.defaults());
    GossipInfo info = new GossipInfo(Member.of("a", "h", 1), MemberStatus.JOINING, 0, new long[0]);
    byte[] frame =
        codec.encode(7, new GossipAck2(List.of(new GossipState(NodeId.of("a"), 1, 0, info))));
    int weightOffset = frame.length - Double.BYTES - 3; // weight, status, version, token count
    java.nio.ByteBuffer.wrap(frame, weightOffset, Double.BYTES)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putDouble(-1.0);

    DecodeResult result = codec.decode(frame, 0, frame.length);

    assertThat(result).isInstanceOf(DecodeResult.Failed.class);
    assertThat(((DecodeResult.Failed) result).error().message()).contains("weight");
  }
}
