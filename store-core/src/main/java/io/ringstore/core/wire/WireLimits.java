package io.ringstore.core.wire;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.ring.RingConfig;

/**
 * The bounds every message field obeys. Message constructors enforce them, and the decoder checks
 * each length it reads from the wire against them (and against the bytes left in the frame) before
 * it allocates anything. They are part of the wire contract: raising one needs both sides upgraded.
 */
public final class WireLimits {
  /** Longest key, in bytes. */
  public static final int KEY_BYTES_MAX = 64 * 1024;

  /** Longest value, in bytes; the default frame limit leaves room for a value this size. */
  public static final int VALUE_BYTES_MAX = 16 * 1024 * 1024;

  /** Most concurrent versions (siblings) one response may carry. */
  public static final int SIBLINGS_MAX = 128;

  /** Most entries one vector clock may carry on the wire. */
  public static final int CLOCK_ENTRIES_MAX = 256;

  /** Most replicas a request may name (a replication factor above this is not supported). */
  public static final int REPLICAS_MAX = 32;

  /** Deepest Merkle tree anti-entropy exchanges: 65,536 leaves. */
  public static final int TREE_DEPTH_MAX = 16;

  /** Most Merkle leaves one anti-entropy sync compares. */
  public static final int SYNC_LEAVES_MAX = 4096;

  /** Most keys (digests, entries or wanted tokens) one anti-entropy sync carries each way. */
  public static final int SYNC_KEYS_MAX = 1 << 16;

  /** Longest error message, in characters; {@link ErrorResponse#of} truncates to it. */
  public static final int ERROR_MESSAGE_CHARS_MAX = 1024;

  /** Longest request timeout, in milliseconds (ten minutes). */
  public static final int TIMEOUT_MILLIS_MAX = 10 * 60 * 1000;

  /** Most members a {@link RingResponse} may describe. */
  public static final int RING_MEMBERS_MAX = 1024;

  /**
   * Most tokens one member of a {@link RingResponse} may own: the virtual nodes of a member of the
   * largest weight at the largest virtual node count per unit of weight.
   */
  public static final int RING_MEMBER_TOKENS_MAX =
      RingConfig.VNODES_PER_UNIT_WEIGHT_MAX * (int) Member.WEIGHT_MAX;

  /** Longest member host name, in characters (a DNS name has at most 253). */
  public static final int HOST_CHARS_MAX = 255;

  /** Longest member zone name, in characters. */
  public static final int ZONE_CHARS_MAX = 64;

  /** Most fields a {@link NodeInfoResponse} carries. */
  public static final int INFO_FIELDS_MAX = 128;

  /** Longest name of a {@link NodeInfoResponse} field, in characters. */
  public static final int INFO_NAME_CHARS_MAX = 64;

  /** Longest value of a {@link NodeInfoResponse} field, in characters. */
  public static final int INFO_VALUE_CHARS_MAX = 1024;

  /** Length of each authentication nonce, in bytes. */
  public static final int AUTH_NONCE_BYTES = 32;

  /** Length of an authentication proof (an HMAC-SHA256), in bytes. */
  public static final int AUTH_PROOF_BYTES = 32;

  /** Longest identity a client may claim, in characters. */
  public static final int AUTH_IDENTITY_CHARS_MAX = 64;

  /** The timeout value that means "use the node's configured default". */
  public static final int TIMEOUT_MILLIS_DEFAULT = 0;

  private WireLimits() {}
}
