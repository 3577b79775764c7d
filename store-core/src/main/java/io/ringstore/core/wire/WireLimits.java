package io.ringstore.core.wire;

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

  /** Longest error message, in characters; {@link ErrorResponse#of} truncates to it. */
  public static final int ERROR_MESSAGE_CHARS_MAX = 1024;

  /** Longest request timeout, in milliseconds (ten minutes). */
  public static final int TIMEOUT_MILLIS_MAX = 10 * 60 * 1000;

  /** The timeout value that means "use the node's configured default". */
  public static final int TIMEOUT_MILLIS_DEFAULT = 0;

  private WireLimits() {}
}
