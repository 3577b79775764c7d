package io.ringstore.core.wire;

import java.util.Objects;

/** The outcome of {@link FrameCodec#decode}: a frame, or the reason there is none. */
public sealed interface DecodeResult {
  /**
   * The frame decoded.
   *
   * @param frame the frame
   */
  record Decoded(Frame frame) implements DecodeResult {
    /** Checks the argument. */
    public Decoded {
      Objects.requireNonNull(frame, "frame");
    }
  }

  /**
   * The bytes are not a valid frame.
   *
   * @param error why
   */
  record Failed(ProtocolError error) implements DecodeResult {
    /** Checks the argument. */
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}
