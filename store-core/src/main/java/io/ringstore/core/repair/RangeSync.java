package io.ringstore.core.repair;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.TimedRequest;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.MerkleTreeRequest;
import io.ringstore.core.wire.MerkleTreeResponse;
import io.ringstore.core.wire.RangePushRequest;
import io.ringstore.core.wire.RangeSyncRequest;
import io.ringstore.core.wire.RangeSyncResponse;
import io.ringstore.core.wire.RepairEntry;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One comparison of a range with one peer, driven by this node (the initiator):
 *
 * <ol>
 *   <li>ask the peer for its tree ({@link MerkleTreeRequest}) while scanning the range into leaf
 *       sums here; the peer answers at the depth its keys call for and this node folds its sums to
 *       the same depth (or asks again, deeper, if its own keys call for more leaves);
 *   <li>descend both trees to the differing leaves;
 *   <li>for a batch of differing leaves (about {@link #BATCH_KEYS} keys), send this node's key
 *       digests ({@link RangeSyncRequest}); the peer answers with its versions of the keys that
 *       differ and the tokens it wants; store the first here, then push the second to the peer
 *       ({@link RangePushRequest}); a truncated answer syncs the same batch again;
 *   <li>pause as the byte rate says, then the next batch, until no differing leaf is left.
 * </ol>
 *
 * <p>Every step that touches storage runs on the anti-entropy work executor, never on a transport
 * thread. Every request has a timeout; a timeout, a failure or an error answer ends the sync as
 * failed with its reason. The sync never holds a lock: its steps follow one another through
 * callbacks, one request in flight at a time.
 */
final class RangeSync {
  /** About how many keys one batch of leaves compares. */
  static final int BATCH_KEYS = 4_096;

  /** How often one batch is synced again after truncated answers before the sync gives up. */
  static final int RESYNCS_MAX = 64;

  private final AntiEntropy.Parts parts;
  private final AntiEntropy.Run run;
  private final TokenRange range;
  private final NodeId peer;
  private final Consumer<String> done;
  private List<TokenRange> leaves = List.of();
  private long keysPerLeafEstimate;
  private int next;
  private int resyncs;
  private boolean compared;

  /**
   * @param done hears null when the range was compared and repaired, or why it failed
   */
  RangeSync(
      AntiEntropy.Parts parts,
      AntiEntropy.Run run,
      TokenRange range,
      NodeId peer,
      Consumer<String> done) {
    this.parts = parts;
    this.run = run;
    this.range = range;
    this.peer = peer;
    this.done = done;
  }

  /**
   * Asks the peer for its tree and scans this node's range meanwhile, so that both scans run at
   * once; the peer picks the depth its keys call for. Only when this node holds many more keys (the
   * peer lost its data, say) is the peer asked again, for the deeper tree this node's keys call
   * for, so that no leaf holds more keys than a sync carries.
   */
  void start() {
    AtomicReference<MerkleTree.LeafSums> mine = new AtomicReference<>();
    AtomicReference<MerkleTreeResponse> theirs = new AtomicReference<>();
    request(
        new MerkleTreeRequest(range, 0),
        MerkleTreeResponse.class,
        tree -> {
          theirs.set(tree);
          compareOnceBoth(mine, theirs);
        });
    onWork(
        () -> {
          mine.set(MerkleTree.LeafSums.of(range, parts.storage()));
          compareOnceBoth(mine, theirs);
        });
  }

  /** Called when either side's tree is ready: compares once both are (on the work executor). */
  private void compareOnceBoth(
      AtomicReference<MerkleTree.LeafSums> mine, AtomicReference<MerkleTreeResponse> theirs) {
    MerkleTree.LeafSums sums;
    MerkleTreeResponse tree;
    synchronized (this) {
      sums = mine.get();
      tree = theirs.get();
      if (sums == null || tree == null || compared) {
        return;
      }
      compared = true;
    }
    int depthWanted = MerkleTree.depthFor(sums.keys(), parts.settings().keysPerLeaf());
    if (depthWanted > tree.depth()) {
      request(
          new MerkleTreeRequest(range, depthWanted),
          MerkleTreeResponse.class,
          deeper -> compare(sums, deeper));
    } else {
      compare(sums, tree);
    }
  }

  private void compare(MerkleTree.LeafSums mine, MerkleTreeResponse theirs) {
    int depth = theirs.depth();
    MerkleTree myTree = mine.treeAt(depth);
    MerkleTree theirTree = MerkleTree.ofLeaves(range, depth, theirs.leaves());
    run.compared(Math.max(mine.keys(), theirs.keyCount()));
    List<Integer> differing = parts.walk().leaves(myTree.differingLeaves(theirTree), depth);
    List<TokenRange> ranges = new ArrayList<>(differing.size());
    for (int leaf : differing) {
      ranges.add(myTree.leafRange(leaf));
    }
    leaves = ranges;
    keysPerLeafEstimate = Math.max(1, Math.max(mine.keys(), theirs.keyCount()) >> depth);
    syncBatch();
  }

  private void syncBatch() {
    if (next >= leaves.size()) {
      done.accept(null);
      return;
    }
    int leafCount = batchLeafCount();
    List<TokenRange> batch = leaves.subList(next, next + leafCount);
    LeafKeys mine = LeafKeys.scan(parts.storage(), batch);
    while (mine.tokenCount() > WireLimits.SYNC_KEYS_MAX && batch.size() > 1) {
      batch = batch.subList(0, batch.size() / 2);
      mine = LeafKeys.scan(parts.storage(), batch);
    }
    if (mine.tokenCount() > WireLimits.SYNC_KEYS_MAX) {
      done.accept(
          "a Merkle leaf of "
              + range
              + " holds "
              + mine.tokenCount()
              + " keys, more than one sync carries ("
              + WireLimits.SYNC_KEYS_MAX
              + ")");
      return;
    }
    int batchSize = batch.size();
    LeafKeys held = mine;
    request(
        new RangeSyncRequest(batch, mine.tokens(), mine.digests()),
        RangeSyncResponse.class,
        theirs -> applyTheirs(held, theirs, batchSize));
  }

  private int batchLeafCount() {
    long fit = Math.max(1, BATCH_KEYS / keysPerLeafEstimate);
    return (int) Math.min(Math.min(fit, WireLimits.SYNC_LEAVES_MAX), leaves.size() - next);
  }

  private void applyTheirs(LeafKeys mine, RangeSyncResponse theirs, int batchSize) {
    long bytes = 0;
    for (RepairEntry entry : theirs.keys()) {
      bytes += AntiEntropyReplica.bytesOf(entry);
    }
    run.received(theirs.keys().size(), bytes);
    EntryWrites.write(
        parts.storage(),
        theirs.keys(),
        failure -> {
          if (failure != null) {
            done.accept("storing " + peer + "'s versions failed: " + failure.getMessage());
          } else {
            onWork(() -> push(wantedEntries(mine, theirs.wanted()), 0, theirs, batchSize));
          }
        });
  }

  private List<RepairEntry> wantedEntries(LeafKeys mine, long[] wanted) {
    List<RepairEntry> entries = new ArrayList<>();
    for (long token : wanted) {
      for (byte[] key : mine.keysOf(token)) {
        RepairEntry entry = AntiEntropyReplica.entryOf(parts.storage(), key);
        if (entry != null) {
          entries.add(entry);
        }
      }
    }
    return entries;
  }

  /** Pushes {@code entries} from {@code from} on, a frame's worth at a time, then goes on. */
  private void push(List<RepairEntry> entries, int from, RangeSyncResponse theirs, int batchSize) {
    if (from >= entries.size()) {
      afterBatch(theirs.truncated(), batchSize);
      return;
    }
    int to = from;
    long bytes = 0;
    while (to < entries.size() && (to == from || bytes < AntiEntropyReplica.SYNC_BYTES_MAX)) {
      bytes += AntiEntropyReplica.bytesOf(entries.get(to));
      to++;
    }
    List<RepairEntry> frame = entries.subList(from, to);
    long frameBytes = bytes;
    int end = to;
    request(
        new RangePushRequest(frame),
        ReplicaPutResponse.class,
        stored -> {
          run.sent(frame.size(), frameBytes);
          push(entries, end, theirs, batchSize);
        });
  }

  private void afterBatch(boolean truncated, int batchSize) {
    if (truncated) {
      if (++resyncs > RESYNCS_MAX) {
        done.accept(peer + " kept truncating its answers for " + range + "; gave up");
        return;
      }
    } else {
      next += batchSize;
      resyncs = 0;
    }
    long pauseNanos = run.throttle().pauseNanos();
    if (pauseNanos > 0) {
      parts.scheduler().schedule(pauseNanos, () -> onWork(this::syncBatch));
    } else {
      syncBatch();
    }
  }

  /**
   * Sends {@code request} to the peer; an answer of type {@code expected} goes to {@code then} on
   * the work executor; anything else, a failure or no answer in time ends the sync as failed.
   */
  private <T extends Response> void request(Request request, Class<T> expected, Consumer<T> then) {
    String what = request.getClass().getSimpleName();
    long timeoutMillis = parts.settings().timeoutMillis();
    TimedRequest.send(
        parts.transport(),
        parts.scheduler(),
        peer,
        request,
        TimeUnit.MILLISECONDS.toNanos(timeoutMillis),
        new TimedRequest.Outcome() {
          @Override
          public void onResponse(Response response) {
            if (expected.isInstance(response)) {
              onWork(() -> then.accept(expected.cast(response)));
            } else if (response instanceof ErrorResponse error) {
              done.accept(peer + " refused " + what + ": " + error.message());
            } else {
              done.accept(peer + " answered " + what + " with " + response);
            }
          }

          @Override
          public void onFailure(Throwable cause) {
            done.accept(what + " to " + peer + " failed: " + cause);
          }

          @Override
          public void onTimeout() {
            done.accept(peer + " did not answer " + what + " within " + timeoutMillis + " ms");
          }
        });
  }

  /** Runs {@code step} on the work executor; a step that throws ends the sync as failed. */
  private void onWork(Runnable step) {
    try {
      parts
          .work()
          .execute(
              () -> {
                try {
                  step.run();
                } catch (RuntimeException e) {
                  done.accept("anti-entropy of " + range + " with " + peer + " failed: " + e);
                }
              });
    } catch (RuntimeException rejected) {
      done.accept("anti-entropy's executor refused work: " + rejected);
    }
  }
}
