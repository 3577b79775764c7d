package io.ringstore.client.netty;

import io.ringstore.core.wire.ProtocolError;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the decoding handlers pass down the pipeline instead of a {@link
 * io.ringstore.core.wire.Frame} when the bytes are not a valid frame; {@link BadFrameHandler} acts
 * on it.
 *
 * @param error why the frame was rejected
 * @param requestId the request id read from the frame header, when the header was readable and the
 *     id is not 0 (a one-way message): the id an error response can carry
 */
public record BadFrame(ProtocolError error, OptionalLong requestId) {
  /** Checks the arguments. */
  public BadFrame {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(requestId, "requestId");
  }

  /** A bad frame whose request id could not be read. */
  public static BadFrame withoutRequestId(ProtocolError error) {
    return new BadFrame(error, OptionalLong.empty());
  }
}
