package io.ringstore.core.wire;

import java.util.Objects;

/**
 * A request failed for a reason other than a missed quorum (see {@link QuorumFailedResponse}).
 *
 * @param code what kind of failure
 * @param message for a human: what went wrong and what to do, at most {@link
 *     WireLimits#ERROR_MESSAGE_CHARS_MAX} characters
 */
public record ErrorResponse(ErrorCode code, String message) implements Response {
  private static final String ELLIPSIS = "...";

  /** Checks the arguments against {@link WireLimits}. */
  public ErrorResponse {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    if (message.length() > WireLimits.ERROR_MESSAGE_CHARS_MAX) {
      throw new IllegalArgumentException(
          "error message of "
              + message.length()
              + " characters exceeds the maximum "
              + WireLimits.ERROR_MESSAGE_CHARS_MAX
              + "; use ErrorResponse.of to truncate");
    }
  }

  /** An error response whose message is cut to {@link WireLimits#ERROR_MESSAGE_CHARS_MAX}. */
  public static ErrorResponse of(ErrorCode code, String message) {
    int max = WireLimits.ERROR_MESSAGE_CHARS_MAX;
    if (message != null && message.length() > max) {
      return new ErrorResponse(code, message.substring(0, max - ELLIPSIS.length()) + ELLIPSIS);
    }
    return new ErrorResponse(code, message);
  }
}
