package io.ringstore.core.wire;

/**
 * The configurable bounds of a connection's frames.
 *
 * @param frameBytesMax the largest value the length prefix may declare (the bytes after the
 *     prefix), between {@link #FRAME_BYTES_MAX_FLOOR} and {@link #FRAME_BYTES_MAX_CEILING}
 */
public record FrameLimits(int frameBytesMax) {
  /** Default maximum frame: room for a {@link WireLimits#VALUE_BYTES_MAX} value and more. */
  public static final int FRAME_BYTES_MAX_DEFAULT = 32 * 1024 * 1024;

  /** Smallest maximum accepted: room for the longest key and a small value. */
  public static final int FRAME_BYTES_MAX_FLOOR = 256 * 1024;

  /** Largest maximum accepted; a node buffers a whole frame before decoding it. */
  public static final int FRAME_BYTES_MAX_CEILING = 1024 * 1024 * 1024;

  /** Checks the bounds. */
  public FrameLimits {
    if (frameBytesMax < FRAME_BYTES_MAX_FLOOR || frameBytesMax > FRAME_BYTES_MAX_CEILING) {
      throw new IllegalArgumentException(
          "frameBytesMax "
              + frameBytesMax
              + " is outside ["
              + FRAME_BYTES_MAX_FLOOR
              + ", "
              + FRAME_BYTES_MAX_CEILING
              + "]; set it to at least twice the largest value the cluster stores");
    }
  }

  /** The defaults: {@link #FRAME_BYTES_MAX_DEFAULT}. */
  public static FrameLimits defaults() {
    return new FrameLimits(FRAME_BYTES_MAX_DEFAULT);
  }
}
