package io.ringstore.core.wire;

/**
 * Thrown inside the decoder when a field breaks a bound; {@link FrameCodec} turns it into a {@link
 * ProtocolError.Kind#MALFORMED} result, so it never leaves the package. It skips the stack trace:
 * hostile input must not buy expensive exceptions.
 */
final class MalformedFrameException extends RuntimeException {
  MalformedFrameException(String message) {
    super(message, null, false, false);
  }
}
