package io.ringstore.node.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Failed operations counted by cause (the exception's class and the start of its message, and the
 * same of each attempt's failure the client attached to it), so that a run says why its operations
 * failed. Keeps at most {@link #CAUSES_MAX} causes (the rest count as "other") and {@link
 * #MESSAGE_CHARS_MAX} characters of each message. Thread-safe.
 */
final class FailureCauses {
  /** Most distinct causes kept. */
  static final int CAUSES_MAX = 10;

  /** Characters of a message kept: enough to name the failure, not the key or node it hit. */
  static final int MESSAGE_CHARS_MAX = 60;

  private static final String OTHER = "other";

  private final Map<String, Long> counts = new LinkedHashMap<>();

  /** Counts one failure with {@code cause} (unwrapping a CompletionException). */
  synchronized void count(Throwable cause) {
    Throwable root =
        cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
    String key = describe(root);
    if (root.getSuppressed().length > 0) {
      key +=
          Arrays.stream(root.getSuppressed())
              .map(FailureCauses::describe)
              .collect(Collectors.joining(" | ", " <- attempts: ", ""));
    }
    if (!counts.containsKey(key) && counts.size() >= CAUSES_MAX) {
      key = OTHER;
    }
    counts.merge(key, 1L, Long::sum);
  }

  /** The class and the start of the message, cut before any parenthesis (it names nodes). */
  private static String describe(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    int detail = message.indexOf('(');
    int end = Math.min(detail < 0 ? message.length() : detail, MESSAGE_CHARS_MAX);
    return failure.getClass().getSimpleName() + ": " + message.substring(0, end).strip();
  }

  synchronized boolean isEmpty() {
    return counts.isEmpty();
  }

  /** Each cause and its count, most frequent first. */
  @Override
  public synchronized String toString() {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getValue() + " x [" + e.getKey() + "]")
        .collect(Collectors.joining("; "));
  }
}
