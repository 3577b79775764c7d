package io.ringstore.core.wire;

/**
 * A message to encode does not fit in one frame. This is a local error, not bad wire input: a
 * response with many large siblings, say. The caller should answer with an {@link ErrorResponse}
 * instead, or send less.
 */
public final class FrameTooLargeException extends IllegalArgumentException {
  private final long frameBytes;
  private final int frameBytesMax;

  FrameTooLargeException(String messageType, long frameBytes, int frameBytesMax) {
    super(describe(messageType, frameBytes, frameBytesMax));
    this.frameBytes = frameBytes;
    this.frameBytesMax = frameBytesMax;
  }

  private static String describe(String messageType, long frameBytes, int frameBytesMax) {
    String needed = frameBytes < 0 ? "more than " + frameBytesMax : Long.toString(frameBytes);
    return messageType
        + " needs a frame of "
        + needed
        + " bytes but the maximum is "
        + frameBytesMax
        + "; send smaller values or fewer siblings, or raise frameBytesMax on both sides";
  }

  /** Bytes the frame would have needed after the length prefix, or -1 if unknown. */
  public long frameBytes() {
    return frameBytes;
  }

  /** The configured maximum. */
  public int frameBytesMax() {
    return frameBytesMax;
  }
}
