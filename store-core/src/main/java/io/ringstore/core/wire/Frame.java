package io.ringstore.core.wire;

import java.util.Objects;

/**
 * One decoded frame.
 *
 * @param protocolVersion the protocol version the sender used
 * @param requestId correlates a response with its request on a multiplexed connection; 0 for a
 *     one-way message
 * @param message the message
 */
public record Frame(int protocolVersion, long requestId, Message message) {
  /** Checks the argument. */
  public Frame {
    Objects.requireNonNull(message, "message");
  }
}
