package io.ringstore.core.storage;

import io.ringstore.core.ring.TokenRange;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.stream.Stream;

/**
 * A key ordered as the ring orders it: by token, then by unsigned bytes. Engines index keys by
 * {@code TokenKey} in a sorted map so that scanning a token range is a sub-map walk. A {@code
 * TokenKey} with no bytes is a bound that sorts after every key of its token.
 *
 * <p><b>Pitfalls.</b> The bytes are not copied; engines copy a caller's key before indexing it.
 */
public record TokenKey(long token, byte[] key) implements Comparable<TokenKey> {
  /** A bound after every key whose token is {@code token} or lower. */
  public static TokenKey boundAfter(long token) {
    return new TokenKey(token, null);
  }

  @Override
  public int compareTo(TokenKey other) {
    int byToken = Long.compare(token, other.token);
    if (byToken != 0) {
      return byToken;
    }
    if (key == null || other.key == null) {
      return key == other.key ? 0 : key == null ? 1 : -1;
    }
    return Arrays.compareUnsigned(key, other.key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenKey other && compareTo(other) == 0;
  }

  /**
   * The token's hash alone: the token already hashes the key bytes (keys sharing a token are rare,
   * and {@link #equals} tells them apart), so hashing the bytes again would only cost time.
   */
  @Override
  public int hashCode() {
    return Long.hashCode(token);
  }

  @Override
  public String toString() {
    return "TokenKey[token=" + token + ", " + (key == null ? "bound" : key.length + " bytes") + "]";
  }

  /**
   * The entries of {@code index} whose tokens lie in {@code range}, in ring order starting after
   * the range's start: for a wrapping range, the tail of the map then its head.
   */
  public static <V> Iterable<Map.Entry<TokenKey, V>> entriesIn(
      NavigableMap<TokenKey, V> index, TokenRange range) {
    if (range.isFull()) {
      return index.entrySet();
    }
    TokenKey from = boundAfter(range.startExclusive());
    TokenKey to = boundAfter(range.endInclusive());
    if (!range.wraps()) {
      return index.subMap(from, false, to, false).entrySet();
    }
    return concat(index.tailMap(from, false), index.headMap(to, false));
  }

  private static <V> Iterable<Map.Entry<TokenKey, V>> concat(
      NavigableMap<TokenKey, V> first, NavigableMap<TokenKey, V> second) {
    return () -> Stream.concat(first.entrySet().stream(), second.entrySet().stream()).iterator();
  }
}
