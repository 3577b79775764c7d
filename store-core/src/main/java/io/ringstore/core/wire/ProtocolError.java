package io.ringstore.core.wire;

import java.util.Objects;

/**
 * Why a frame could not be decoded. The connection that sent it should be closed with this logged:
 * after a bad frame the byte stream can no longer be trusted to be in step.
 *
 * @param kind what class of problem
 * @param message for the operator: what was wrong and what to do about it
 */
public record ProtocolError(Kind kind, String message) {
  /** The classes of bad frames. */
  public enum Kind {
    /**
     * The buffer ends before the frame does (or before the 4-byte length prefix). A stream decoder
     * waits for more bytes; given as a whole frame, the frame was cut short.
     */
    TRUNCATED,
    /** The length prefix declares more bytes than the configured maximum. */
    OVERSIZED,
    /** The frame carries a protocol version this node does not speak. */
    UNSUPPORTED_VERSION,
    /** The type id names no registered message. */
    UNKNOWN_TYPE,
    /**
     * The frame is complete but its contents are not a valid message: a negative or too-small
     * length prefix, a body that ends before its last field, a length over its bound, a bad enum
     * ordinal, a field the message constructor rejects.
     */
    MALFORMED,
    /** Bytes are left after the message body, or after the frame in the buffer given. */
    TRAILING_BYTES,
    /** A frame took longer than the receiver allows from its first byte to its last. */
    TOO_SLOW
  }

  /** Checks that both parts are present. */
  public ProtocolError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return kind + ": " + message;
  }
}
