package io.ringstore.core.wire;

import io.ringstore.core.ring.TokenRange;
import java.util.List;
import java.util.Objects;

/**
 * Anti-entropy compares the keys of some Merkle leaves whose hashes differed: {@code tokens} and
 * {@code digests} are the sender's key digests in {@code leaves} (one per token, ascending). The
 * replica answers with a {@link RangeSyncResponse} holding its versions of every key whose digest
 * differs or that the sender lacks, and the tokens of the keys it lacks or holds differently, which
 * the sender then writes to it.
 */
public record RangeSyncRequest(List<TokenRange> leaves, long[] tokens, long[] digests)
    implements PeerRequest {
  public RangeSyncRequest {
    leaves = List.copyOf(leaves);
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(digests, "digests");
    if (leaves.isEmpty() || leaves.size() > WireLimits.SYNC_LEAVES_MAX) {
      throw new IllegalArgumentException(
          leaves.size() + " leaves: a sync names 1 to " + WireLimits.SYNC_LEAVES_MAX);
    }
    if (tokens.length != digests.length || tokens.length > WireLimits.SYNC_KEYS_MAX) {
      throw new IllegalArgumentException(
          tokens.length
              + " tokens and "
              + digests.length
              + " digests: a sync holds as many of each, at most "
              + WireLimits.SYNC_KEYS_MAX);
    }
  }
}
