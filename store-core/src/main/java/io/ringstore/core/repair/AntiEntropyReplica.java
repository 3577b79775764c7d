package io.ringstore.core.repair;

import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.MerkleTreeRequest;
import io.ringstore.core.wire.MerkleTreeResponse;
import io.ringstore.core.wire.RangePushRequest;
import io.ringstore.core.wire.RangeSyncRequest;
import io.ringstore.core.wire.RangeSyncResponse;
import io.ringstore.core.wire.RepairEntry;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A replica's side of anti-entropy: builds its Merkle tree of a range when a peer asks, and
 * compares key digests of the leaves that differed. Both scan storage, which takes time in
 * proportion to the keys of the range, so both run on the injected {@code work} executor (a single
 * background thread in production, never a network event loop); the answer is sent from there.
 *
 * <p>A sync answer holds this replica's versions of every key whose digest differs from the
 * sender's or that the sender lacks, and names the tokens the sender holds that this replica lacks
 * or holds differently; the sender applies the first and writes the second to this replica, so both
 * end with the union of their versions (storage keeps the newest and the concurrent ones). An
 * answer stops adding keys once it carries {@link #SYNC_BYTES_MAX} bytes and says it was truncated.
 */
public final class AntiEntropyReplica {
  /** The most key and value bytes one sync answer carries (more if a single key is larger). */
  public static final int SYNC_BYTES_MAX = 4 * 1024 * 1024;

  private final StorageEngine storage;
  private final Executor work;
  private final int keysPerLeaf;

  /**
   * @param work where scans run
   * @param keysPerLeaf the keys a Merkle leaf should hold on average; sets a tree's depth
   */
  public AntiEntropyReplica(StorageEngine storage, Executor work, int keysPerLeaf) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.work = Objects.requireNonNull(work, "work");
    if (keysPerLeaf < 1) {
      throw new IllegalArgumentException("keys per leaf " + keysPerLeaf + " must be positive");
    }
    this.keysPerLeaf = keysPerLeaf;
  }

  /** Answers with this replica's tree of the range, at the asked depth or deeper. */
  public void tree(MerkleTreeRequest request, Consumer<Response> respond) {
    onWork(() -> respond.accept(treeOf(request)), respond);
  }

  /** Answers with the versions the sender lacks and the tokens this replica wants. */
  public void sync(RangeSyncRequest request, Consumer<Response> respond) {
    onWork(() -> respond.accept(syncOf(request)), respond);
  }

  /**
   * Stores the pushed versions and answers {@link ReplicaPutResponse} once all are durable, or the
   * storage error as a replica write would ({@link ReplicaService#errorFor}: a version over the
   * limits is a bad request). Runs on the calling thread, as a replica write does: appends never
   * wait for the disk ({@link StorageEngine#putAsync}), and a push carries at most a frame.
   */
  public void push(RangePushRequest request, Consumer<Response> respond) {
    EntryWrites.write(
        storage,
        request.keys(),
        failure ->
            respond.accept(
                failure == null ? ReplicaPutResponse.of(true) : ReplicaService.errorFor(failure)));
  }

  private Response treeOf(MerkleTreeRequest request) {
    try {
      MerkleTree.LeafSums sums = MerkleTree.LeafSums.of(request.range(), storage);
      int depth = Math.max(request.depthMin(), MerkleTree.depthFor(sums.keys(), keysPerLeaf));
      return new MerkleTreeResponse(depth, sums.keys(), sums.treeAt(depth).leaves());
    } catch (RuntimeException e) {
      return ErrorResponse.of(ErrorCode.INTERNAL, "building a Merkle tree failed: " + e);
    }
  }

  private Response syncOf(RangeSyncRequest request) {
    try {
      LeafKeys mine = LeafKeys.scan(storage, request.leaves());
      Map<Long, Long> theirs = new HashMap<>();
      for (int i = 0; i < request.tokens().length; i++) {
        theirs.put(request.tokens()[i], request.digests()[i]);
      }
      List<Long> wanted = new ArrayList<>();
      for (Map.Entry<Long, Long> their : theirs.entrySet()) {
        Long digest = mine.digestOf(their.getKey());
        if (digest == null || digest.longValue() != their.getValue()) {
          wanted.add(their.getKey());
        }
      }
      return answer(mine, theirs, wanted);
    } catch (RuntimeException e) {
      return ErrorResponse.of(ErrorCode.INTERNAL, "comparing key digests failed: " + e);
    }
  }

  private RangeSyncResponse answer(LeafKeys mine, Map<Long, Long> theirs, List<Long> wanted) {
    List<RepairEntry> entries = new ArrayList<>();
    long bytes = 0;
    boolean truncated = false;
    for (long token : mine.tokenSet()) {
      Long their = theirs.get(token);
      if (their != null && their.longValue() == mine.digestOf(token)) {
        continue;
      }
      if (!entries.isEmpty() && bytes >= SYNC_BYTES_MAX
          || entries.size() >= WireLimits.SYNC_KEYS_MAX) {
        truncated = true;
        break;
      }
      for (byte[] key : mine.keysOf(token)) {
        RepairEntry entry = entryOf(storage, key);
        if (entry != null) {
          entries.add(entry);
          bytes += bytesOf(entry);
        }
      }
    }
    long[] wantedTokens = wanted.stream().mapToLong(Long::longValue).sorted().toArray();
    return new RangeSyncResponse(entries, wantedTokens, truncated);
  }

  /**
   * {@code key} as a sync streams it, read back from {@code storage}: at most {@link
   * WireLimits#SIBLINGS_MAX} versions, the latest; null if the key is gone meanwhile.
   */
  static RepairEntry entryOf(StorageEngine storage, byte[] key) {
    List<Versioned> versions = storage.get(key);
    if (versions.isEmpty()) {
      return null;
    }
    if (versions.size() > WireLimits.SIBLINGS_MAX) {
      versions = Siblings.of(versions).latest(WireLimits.SIBLINGS_MAX);
    }
    return new RepairEntry(key, versions.toArray(new Versioned[0]));
  }

  /** The key and value bytes of an entry: what a sync streams. */
  static long bytesOf(RepairEntry entry) {
    long bytes = entry.key().length;
    for (Versioned version : entry.versions()) {
      bytes += version.isTombstone() ? 0 : version.value().length;
    }
    return bytes;
  }

  private void onWork(Runnable task, Consumer<Response> respond) {
    try {
      work.execute(task);
    } catch (RejectedExecutionException e) {
      respond.accept(
          ErrorResponse.of(ErrorCode.OVERLOADED, "anti-entropy is busy on this node; retry later"));
    }
  }
}
