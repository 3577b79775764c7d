package io.ringstore.core.wire;

import io.ringstore.core.cluster.Member;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the message constructors; each throws IllegalArgumentException. */
final class MessageChecks {
  private MessageChecks() {}

  static void key(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length > WireLimits.KEY_BYTES_MAX) {
      throw new IllegalArgumentException(
          "key of " + key.length + " bytes exceeds the maximum " + WireLimits.KEY_BYTES_MAX);
    }
  }

  static void value(byte[] value) {
    Objects.requireNonNull(value, "value (use DeleteRequest to delete)");
    if (value.length > WireLimits.VALUE_BYTES_MAX) {
      throw new IllegalArgumentException(
          "value of " + value.length + " bytes exceeds the maximum " + WireLimits.VALUE_BYTES_MAX);
    }
  }

  static void treeDepth(int depth) {
    if (depth < 0 || depth > WireLimits.TREE_DEPTH_MAX) {
      throw new IllegalArgumentException(
          "tree depth " + depth + " is outside [0, " + WireLimits.TREE_DEPTH_MAX + "]");
    }
  }

  /**
   * {@code message} cut to {@link WireLimits#ERROR_MESSAGE_CHARS_MAX} characters, ending in "..."
   * when cut; null becomes empty.
   */
  static String truncatedMessage(String message) {
    int max = WireLimits.ERROR_MESSAGE_CHARS_MAX;
    if (message == null) {
      return "";
    }
    return message.length() <= max ? message : message.substring(0, max - 3) + "...";
  }

  static void timeout(int timeoutMillis) {
    if (timeoutMillis < 0 || timeoutMillis > WireLimits.TIMEOUT_MILLIS_MAX) {
      throw new IllegalArgumentException(
          "timeoutMillis "
              + timeoutMillis
              + " is outside [0, "
              + WireLimits.TIMEOUT_MILLIS_MAX
              + "] (0 means the node's default)");
    }
  }

  static <T> void siblings(T[] versions) {
    Objects.requireNonNull(versions, "versions");
    if (versions.length > WireLimits.SIBLINGS_MAX) {
      throw new IllegalArgumentException(
          versions.length + " versions exceed the maximum " + WireLimits.SIBLINGS_MAX);
    }
    for (T version : versions) {
      Objects.requireNonNull(version, "versions must not hold null");
    }
  }

  static void replicaCount(int count, int min, String name) {
    if (count < min || count > WireLimits.REPLICAS_MAX) {
      throw new IllegalArgumentException(
          name + " " + count + " is outside [" + min + ", " + WireLimits.REPLICAS_MAX + "]");
    }
  }

  /** Checks a member's host and zone against {@link WireLimits}. */
  static void member(Member member) {
    if (member.host().length() > WireLimits.HOST_CHARS_MAX) {
      throw new IllegalArgumentException(
          "member " + member.id() + ": host exceeds " + WireLimits.HOST_CHARS_MAX + " characters");
    }
    if (member.zone().length() > WireLimits.ZONE_CHARS_MAX) {
      throw new IllegalArgumentException(
          "member " + member.id() + ": zone exceeds " + WireLimits.ZONE_CHARS_MAX + " characters");
    }
  }

  /** A copy of {@code items}, non-null, holding no null and at most {@code max} of them. */
  static <T> List<T> bounded(List<T> items, int max, String what) {
    List<T> copy = List.copyOf(Objects.requireNonNull(items, what));
    if (copy.size() > max) {
      throw new IllegalArgumentException(copy.size() + " " + what + " exceed the maximum " + max);
    }
    return copy;
  }

  static void nonce(byte[] nonce, String name) {
    exactLength(nonce, WireLimits.AUTH_NONCE_BYTES, name);
  }

  static void proof(byte[] proof, String name) {
    exactLength(proof, WireLimits.AUTH_PROOF_BYTES, name);
  }

  private static void exactLength(byte[] bytes, int length, String name) {
    Objects.requireNonNull(bytes, name);
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          name + " must be " + length + " bytes, not " + bytes.length);
    }
  }
}
