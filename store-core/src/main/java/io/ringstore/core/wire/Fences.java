package io.ringstore.core.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The highest fencing token a key accepted for each lock that guarded a write to it: part of the
 * key's Paxos register, carried from proposal to proposal like its write identities, so a fenced
 * write is judged against every fenced write chosen before it. At most {@link #LOCKS_MAX} locks per
 * key; sorted by name.
 */
public record Fences(String[] locks, long[] tokens) {
  /** The most locks whose tokens one key remembers. */
  public static final int LOCKS_MAX = 16;

  /** A key no fenced write reached. */
  public static final Fences NONE = new Fences(new String[0], new long[0]);

  public Fences {
    Objects.requireNonNull(locks, "locks");
    Objects.requireNonNull(tokens, "tokens");
    if (locks.length != tokens.length) {
      throw new IllegalArgumentException(locks.length + " locks but " + tokens.length + " tokens");
    }
    if (locks.length > LOCKS_MAX) {
      throw new IllegalArgumentException(
          locks.length + " locks fence one key, at most " + LOCKS_MAX + " may");
    }
    for (int i = 0; i < locks.length; i++) {
      new Fence(locks[i], tokens[i]);
      if (i > 0 && locks[i - 1].compareTo(locks[i]) >= 0) {
        throw new IllegalArgumentException("fences are not sorted by lock name: " + this);
      }
    }
  }

  /** The highest token accepted for {@code lock}, 0 if none. */
  public long tokenOf(String lock) {
    int at = Arrays.binarySearch(locks, lock);
    return at >= 0 ? tokens[at] : 0;
  }

  /** Whether a write fenced by {@code fence} may apply: its token is not below the highest seen. */
  public boolean admits(Fence fence) {
    return fence.token() >= tokenOf(fence.lock());
  }

  /**
   * These fences having accepted {@code fence}.
   *
   * @throws IllegalArgumentException if the key already remembers {@link #LOCKS_MAX} other locks
   */
  public Fences with(Fence fence) {
    int at = Arrays.binarySearch(locks, fence.lock());
    if (at >= 0) {
      long[] raised = tokens.clone();
      raised[at] = Math.max(raised[at], fence.token());
      return new Fences(locks, raised);
    }
    if (locks.length == LOCKS_MAX) {
      throw new IllegalArgumentException(
          "the key is already fenced by "
              + LOCKS_MAX
              + " locks, the most one key remembers: guard its writes with one of "
              + Arrays.toString(locks));
    }
    int insert = -at - 1;
    String[] nextLocks = new String[locks.length + 1];
    long[] nextTokens = new long[tokens.length + 1];
    System.arraycopy(locks, 0, nextLocks, 0, insert);
    System.arraycopy(tokens, 0, nextTokens, 0, insert);
    nextLocks[insert] = fence.lock();
    nextTokens[insert] = fence.token();
    System.arraycopy(locks, insert, nextLocks, insert + 1, locks.length - insert);
    System.arraycopy(tokens, insert, nextTokens, insert + 1, tokens.length - insert);
    return new Fences(nextLocks, nextTokens);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Fences that
        && Arrays.equals(locks, that.locks)
        && Arrays.equals(tokens, that.tokens);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(locks) + Arrays.hashCode(tokens);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < locks.length; i++) {
      text.append(i == 0 ? "" : ", ").append(locks[i]).append(':').append(tokens[i]);
    }
    return text.append('}').toString();
  }
}
