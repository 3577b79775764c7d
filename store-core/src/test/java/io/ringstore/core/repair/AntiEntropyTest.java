package io.ringstore.core.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.coordinator.RingView;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.testing.InMemoryNetwork;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.MerkleTreeRequest;
import io.ringstore.core.wire.RangePushRequest;
import io.ringstore.core.wire.RangeSyncRequest;
import io.ringstore.core.wire.RepairStatus;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Anti-entropy between three replicas of every key (N=3 of three nodes, so the ring is one full
 * range), over the in-memory network with in-memory storage: differences found by the trees are
 * streamed both ways, a wiped replica gets everything back, a silent peer fails its range with a
 * reason, and the byte rate paces the run on the scheduler's clock.
 */
class AntiEntropyTest {
  private static final List<NodeId> NODES = List.of(NodeId.of("a"), NodeId.of("b"), NodeId.of("c"));
  private static final AntiEntropy.Settings SETTINGS = new AntiEntropy.Settings(0, 0, 8, 5_000);

  private final long seed = Seeds.seed("AntiEntropyTest");
  private final InMemoryNetwork network = new InMemoryNetwork(seed);
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final Ring ring =
      Ring.of(
          RingConfig.defaults().withVnodesPerUnitWeight(8),
          List.of(
              Member.of("a", "127.0.0.1", 1),
              Member.of("b", "127.0.0.2", 1),
              Member.of("c", "127.0.0.3", 1)));
  private final Map<NodeId, StorageEngine> storages = new HashMap<>();
  private Map<NodeId, NodeState> states = new HashMap<>();

  AntiEntropyTest() {
    for (NodeId node : NODES) {
      StorageEngine storage =
          new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults());
      storages.put(node, storage);
      AntiEntropyReplica replica = new AntiEntropyReplica(storage, Runnable::run, 8);
      network.register(
          node,
          (source, request, respond) -> {
            if (request instanceof MerkleTreeRequest tree) {
              replica.tree(tree, respond);
            } else if (request instanceof RangeSyncRequest sync) {
              replica.sync(sync, respond);
            } else if (request instanceof RangePushRequest push) {
              replica.push(push, respond);
            } else {
              respond.accept(ErrorResponse.of(ErrorCode.BAD_REQUEST, "not a repair request"));
            }
          });
    }
  }

  @Test
  void differencesFlowBothWaysUntilTheRepairingNodeAndEachPeerHoldTheUnion() {
    write("a", "only-a", MerkleTreeTest.version("a", 1, "1"));
    write("b", "only-b", MerkleTreeTest.version("b", 1, "2"));
    write("c", "only-c", MerkleTreeTest.version("c", 1, "3"));
    write("a", "siblings", MerkleTreeTest.version("a", 1, "from a"));
    write("b", "siblings", MerkleTreeTest.version("b", 1, "from b"));
    write("a", "stale", MerkleTreeTest.version("a", 1, "old"));
    write("b", "stale", MerkleTreeTest.version("a", 2, "new"));
    for (int i = 0; i < 200; i++) {
      for (NodeId node : NODES) {
        write(node.value(), "shared-" + i, MerkleTreeTest.version("a", 1, "s" + i));
      }
    }

    RepairStatus status = repairOn("a", SETTINGS);

    assertThat(status.rangesDone()).isEqualTo(2); // the full range, with b and with c
    assertThat(status.rangesFailed()).isZero();
    assertThat(contents("a")).isEqualTo(contents("c"));
    assertThat(contents("a").keySet()).contains("only-a", "only-b", "only-c", "siblings", "stale");
    assertThat(contents("a").get("siblings")).hasSize(2);
    assertThat(contents("a").get("stale")).containsExactly(MerkleTreeTest.version("a", 2, "new"));
    assertThat(contents("b").keySet()).contains("only-a", "only-b").doesNotContain("only-c");
    assertThat(status.keysReceived()).isGreaterThanOrEqualTo(3);
    assertThat(status.keysSent()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aWipedReplicaGetsEveryKeyBack() {
    for (int i = 0; i < 5_000; i++) {
      write("b", "k" + i, MerkleTreeTest.version("b", 1, "v" + i));
      write("c", "k" + i, MerkleTreeTest.version("b", 1, "v" + i));
    }

    RepairStatus status = repairOn("a", SETTINGS);

    assertThat(contents("a")).isEqualTo(contents("b"));
    assertThat(contents("a")).hasSize(5_000);
    assertThat(status.keysReceived()).isEqualTo(5_000); // from b; c then agrees
    assertThat(status.keysSent()).isZero();
  }

  @Test
  void convergedReplicasStreamNothing() {
    for (int i = 0; i < 1_000; i++) {
      for (NodeId node : NODES) {
        write(node.value(), "k" + i, MerkleTreeTest.version("a", 1, "v"));
      }
    }

    RepairStatus status = repairOn("a", SETTINGS);

    assertThat(status.keysCompared()).isEqualTo(2_000);
    assertThat(status.keysReceived() + status.keysSent() + status.bytesStreamed()).isZero();
  }

  @Test
  void aSilentPeerFailsItsRangeWithAReasonAndTheRunGoesOn() {
    write("c", "k", MerkleTreeTest.version("c", 1, "v"));
    network.silence(NodeId.of("b"));

    AntiEntropy antiEntropy = antiEntropy("a", SETTINGS, AntiEntropy.Walk.ALL);
    antiEntropy.repair();
    settle();

    RepairStatus status = antiEntropy.status();
    assertThat(status.running()).isFalse();
    assertThat(status.rangesFailed()).isEqualTo(1);
    assertThat(status.rangesDone()).isEqualTo(1);
    assertThat(status.lastFailure()).contains("b did not answer MerkleTreeRequest");
    assertThat(contents("a")).containsKey("k");
  }

  @Test
  void aPeerThatIsNotUpIsSkippedAndCounted() {
    states.put(NodeId.of("c"), NodeState.DOWN);

    RepairStatus status = repairOn("a", SETTINGS);

    assertThat(status.rangesFailed()).isEqualTo(1);
    assertThat(status.lastFailure()).contains("c is DOWN");
  }

  /** 10,000 values of 100 bytes at 100 KB/s: the run takes about ten seconds of the clock. */
  @Test
  void theByteRatePacesTheRun() {
    for (int i = 0; i < 10_000; i++) {
      write("b", "k" + i, MerkleTreeTest.version("b", 1, "x".repeat(100)));
    }
    AntiEntropy.Settings paced = new AntiEntropy.Settings(0, 100_000, 8, 5_000);

    long startNanos = clock.monotonicNanos();
    RepairStatus status = repairOn("a", paced);

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(clock.monotonicNanos() - startNanos);
    assertThat(status.bytesStreamed()).isGreaterThan(1_000_000);
    assertThat(tookMillis)
        .isBetween(status.bytesStreamed() / 100 - 1_000, status.bytesStreamed() / 100 + 1_000);
    assertThat(contents("a")).hasSize(10_000);
  }

  /** Closing cancels the next periodic run's timer, so that nothing waits for it to fall due. */
  @Test
  void closingCancelsTheNextPeriodicRun() {
    AntiEntropy antiEntropy =
        antiEntropy("a", new AntiEntropy.Settings(3_600_000, 0, 8, 5_000), AntiEntropy.Walk.ALL);
    antiEntropy.start();
    assertThat(scheduler.pending()).isEqualTo(1);

    antiEntropy.close();

    assertThat(scheduler.pending()).isZero();
  }

  /** A full repair asked for while a periodic run goes follows it, with no gap between them. */
  @Test
  void aRepairAskedDuringAPeriodicRunFollowsIt() {
    write("b", "k", MerkleTreeTest.version("b", 1, "v"));
    NodeId primary = ring.rangesReplicatedBy(NodeId.of("a")).get(0).replicas().get(0);
    AntiEntropy.Settings periodic = new AntiEntropy.Settings(1_000, 0, 8, 5_000);
    AntiEntropy antiEntropy = antiEntropy(primary.value(), periodic, AntiEntropy.Walk.ALL);
    antiEntropy.start();
    scheduler.advance(1_000, TimeUnit.MILLISECONDS);
    assertThat(antiEntropy.running()).isTrue();

    RepairStatus asked = antiEntropy.repair();
    while (antiEntropy.running()) {
      assertThat(network.deliverOne()).as("seed %d: messages left while running", seed).isTrue();
    }

    assertThat(asked.running()).isTrue();
    assertThat(antiEntropy.status().runsFinished()).isEqualTo(2);
    antiEntropy.close();
  }

  /**
   * The hook the simulator's bite proof uses: a walk that skips leaves leaves their keys behind.
   */
  @Test
  void aWalkThatSkipsTheLastLeafLeavesItsKeysUnrepaired() {
    for (int i = 0; i < 2_000; i++) {
      write("b", "k" + i, MerkleTreeTest.version("b", 1, "v"));
    }
    AntiEntropy.Walk skipLast =
        (differing, depth) -> differing.stream().filter(leaf -> leaf != (1 << depth) - 1).toList();

    AntiEntropy antiEntropy = antiEntropy("a", SETTINGS, skipLast);
    antiEntropy.repair();
    settle();

    assertThat(contents("a")).hasSizeBetween(1, 1_999);
  }

  private RepairStatus repairOn(String node, AntiEntropy.Settings settings) {
    AntiEntropy antiEntropy = antiEntropy(node, settings, AntiEntropy.Walk.ALL);
    antiEntropy.repair();
    settle();
    RepairStatus status = antiEntropy.status();
    assertThat(status.running()).as("seed %d", seed).isFalse();
    return status;
  }

  private AntiEntropy antiEntropy(
      String node, AntiEntropy.Settings settings, AntiEntropy.Walk walk) {
    RingView view =
        new RingView() {
          @Override
          public Ring current() {
            return ring;
          }

          @Override
          public NodeStates states() {
            return NodeStates.of(states);
          }
        };
    NodeId self = NodeId.of(node);
    return new AntiEntropy(
        self,
        storages.get(self),
        network.transport(self),
        view,
        scheduler,
        clock,
        Runnable::run,
        settings,
        walk);
  }

  /** Delivers messages and fires timers, advancing the clock, until nothing is left to do. */
  private void settle() {
    for (int round = 0; round < 100_000; round++) {
      network.runUntilQuiescent();
      if (!scheduler.advanceToNext()) {
        return;
      }
    }
    throw new AssertionError("the run did not settle; seed " + seed);
  }

  private void write(String node, String key, Versioned version) {
    storages.get(NodeId.of(node)).put(key.getBytes(StandardCharsets.UTF_8), version);
  }

  /** Every key a replica holds, with its versions. */
  private Map<String, Set<Versioned>> contents(String node) {
    Map<String, Set<Versioned>> contents = new HashMap<>();
    var scan = storages.get(NodeId.of(node)).scan(TokenRange.full());
    while (scan.hasNext()) {
      KeyVersions key = scan.next();
      contents.put(new String(key.key(), StandardCharsets.UTF_8), new HashSet<>(key.versions()));
    }
    return contents;
  }
}
