package io.ringstore.core.wire;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.ring.Partitioner;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node's ring snapshot, for a client that routes by itself: the epoch, the shape of the ring
 * ({@link RingConfig} without the partitioner, which both sides configure) and every member with
 * the tokens it owns. {@link #toRing} rebuilds a ring identical to the one {@link #of} described.
 *
 * @param epoch the ring's epoch, at least 0
 * @param replicationFactor N, as in {@link RingConfig#replicationFactor()}
 * @param vnodesPerUnitWeight as in {@link RingConfig#vnodesPerUnitWeight()}
 * @param fallbacksMax as in {@link RingConfig#fallbacksMax()}
 * @param members at most {@link WireLimits#RING_MEMBERS_MAX}, each with its tokens
 */
public record RingResponse(
    long epoch,
    int replicationFactor,
    int vnodesPerUnitWeight,
    int fallbacksMax,
    List<MemberTokens> members)
    implements Response {

  /**
   * One member and the tokens it owns, ascending.
   *
   * @param member the member; host and zone within {@link WireLimits#HOST_CHARS_MAX} and {@link
   *     WireLimits#ZONE_CHARS_MAX}
   * @param tokens 1 to {@link WireLimits#RING_MEMBER_TOKENS_MAX} tokens, held without copying
   */
  public record MemberTokens(Member member, long[] tokens) {
    /** Checks the arguments against {@link WireLimits}. */
    public MemberTokens {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(tokens, "tokens");
      requireAtMost(member.host().length(), WireLimits.HOST_CHARS_MAX, "host characters");
      requireAtMost(member.zone().length(), WireLimits.ZONE_CHARS_MAX, "zone characters");
      if (tokens.length < 1) {
        throw new IllegalArgumentException("member " + member.id() + " must own a token");
      }
      requireAtMost(tokens.length, WireLimits.RING_MEMBER_TOKENS_MAX, "tokens");
    }
  }

  /** Checks the arguments against {@link WireLimits} and the ranges of {@link RingConfig}. */
  public RingResponse {
    if (epoch < 0) {
      throw new IllegalArgumentException("ring epoch " + epoch + " must not be negative");
    }
    requireInRange(replicationFactor, 1, RingConfig.REPLICATION_FACTOR_MAX, "replicationFactor");
    requireInRange(
        vnodesPerUnitWeight, 1, RingConfig.VNODES_PER_UNIT_WEIGHT_MAX, "vnodesPerUnitWeight");
    requireInRange(fallbacksMax, 0, RingConfig.FALLBACKS_MAX_MAX, "fallbacksMax");
    members = List.copyOf(Objects.requireNonNull(members, "members"));
    requireAtMost(members.size(), WireLimits.RING_MEMBERS_MAX, "ring members");
  }

  /** Describes {@code ring}: its epoch, shape, and every member (by id) with its tokens. */
  public static RingResponse of(Ring ring) {
    RingConfig config = ring.config();
    List<MemberTokens> members = new ArrayList<>(ring.members().size());
    for (Member member : ring.members()) {
      members.add(new MemberTokens(member, ring.tokensOf(member.id())));
    }
    return new RingResponse(
        ring.epoch(),
        config.replicationFactor(),
        config.vnodesPerUnitWeight(),
        config.fallbacksMax(),
        members);
  }

  /**
   * The ring this response describes, hashing keys with {@code partitioner}; it has the same epoch,
   * members, tokens and preference lists as the ring {@link #of} was given.
   *
   * <p><b>Pitfalls.</b> It adds members one at a time, and each addition rebuilds the token table
   * and every preference list, so the cost grows with members times virtual nodes: fine for tens of
   * members, slow for hundreds. A bulk constructor on {@link Ring} would make it linear.
   *
   * @throws IllegalArgumentException if two members share an id or a token (a peer's bug)
   */
  public Ring toRing(Partitioner partitioner) {
    RingConfig config =
        new RingConfig(partitioner, replicationFactor, vnodesPerUnitWeight, fallbacksMax);
    Ring ring = Ring.empty(config);
    for (MemberTokens member : members) {
      ring = ring.withMember(member.member(), member.tokens());
    }
    return ring.withEpoch(epoch);
  }

  private static void requireInRange(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "ring " + field + " " + value + " is outside [" + min + ", " + max + "]");
    }
  }

  private static void requireAtMost(int value, int max, String field) {
    if (value > max) {
      throw new IllegalArgumentException(
          "ring response: " + value + " " + field + " exceed the maximum " + max);
    }
  }
}
