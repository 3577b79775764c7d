package io.ringstore.core.simulation;

import static io.ringstore.core.simulation.FaultSchedule.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schedule builder, its facts, and the nemeses that draw schedules from a seed. */
class FaultScheduleTest {
  private static final List<NodeId> NODES = List.of(node(0), node(1), node(2));

  @Test
  void faultsRunInTimeOrderAndInTheOrderAddedAtOneInstant() {
    FaultSchedule schedule =
        FaultSchedule.builder()
            .atMillis(500)
            .restart(node(1))
            .atMillis(100)
            .kill(node(1))
            .isolate(node(2))
            .build();

    assertThat(schedule.faults())
        .extracting(FaultSchedule.Timed::fault)
        .containsExactly(
            new Fault.Kill(node(1)),
            new Fault.Split(Set.of(node(2)), false),
            new Fault.Restart(node(1)));
  }

  @Test
  void theFactsSayWhichDisksAreLostAndWhetherReplicaWritesMayBe() {
    FaultSchedule calm = FaultSchedule.builder().clockJump(node(0), -5_000).build();
    FaultSchedule lossy = FaultSchedule.builder().messageLoss(0.01, 0).build();
    FaultSchedule disks = FaultSchedule.builder().loseDisk(node(2)).loseDisk(node(0)).build();

    assertThat(calm.mayLoseReplicaWrites()).isFalse();
    assertThat(calm.crashesNodes()).isFalse();
    assertThat(FaultSchedule.builder().messageLoss(0, 0.5).build().mayLoseReplicaWrites())
        .as("duplication alone loses nothing")
        .isFalse();
    assertThat(lossy.mayLoseReplicaWrites()).isTrue();
    assertThat(disks.crashesNodes()).isTrue();
    assertThat(disks.nodesLosingDisks()).containsExactly(node(0), node(2));
    FaultSchedule power = FaultSchedule.builder().powerFailMidWrite(node(1)).build();
    assertThat(power.crashesNodes()).isTrue();
    assertThat(power.mayLoseReplicaWrites()).isTrue();
    assertThat(power.nodesLosingDisks()).isEmpty();
  }

  @Test
  void aScheduleRejectsNegativeTimesAndProbabilities() {
    assertThatThrownBy(() -> FaultSchedule.builder().atMillis(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultSchedule.builder().messageLoss(1.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultSchedule.builder().split(Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNemesisDrawsTheSameScheduleFromTheSameSeed() {
    long seed = Seeds.seed("FaultScheduleTest.sameSeed");

    String first = Nemesis.mixed().draw(new Random(seed), NODES).toString();
    String second = Nemesis.mixed().draw(new Random(seed), NODES).toString();

    assertThat(first).isEqualTo(second);
  }

  @Test
  void eachGeneratorDrawsItsKindOfFaultAndUndoesIt() {
    Random random = new Random(Seeds.seed("FaultScheduleTest.generators"));

    assertThat(kinds(Nemesis.kills(3).draw(random, NODES)))
        .containsOnly(Fault.Kill.class, Fault.Restart.class);
    assertThat(kinds(Nemesis.diskLosses(3).draw(random, NODES)))
        .containsOnly(Fault.LoseDisk.class, Fault.Restart.class);
    assertThat(kinds(Nemesis.powerFailures(3).draw(random, NODES)))
        .containsOnly(Fault.PowerFailMidWrite.class, Fault.Restart.class);
    assertThat(kinds(Nemesis.clockJumps(3, 1_000).draw(random, NODES)))
        .containsOnly(Fault.ClockJump.class);
    assertThat(kinds(Nemesis.bitFlips(3).draw(random, NODES))).containsOnly(Fault.FlipBit.class);
    FaultSchedule partitions = Nemesis.partitions(3).draw(random, NODES);
    assertThat(kinds(partitions)).contains(Fault.Heal.class);
    assertThat(partitions.faults().get(partitions.faults().size() - 1).fault())
        .isInstanceOf(Fault.Heal.class);
  }

  @Test
  void theMixedNemesisDrawsEveryKindOfFaultAcrossSeeds() {
    Random random = new Random(Seeds.seed("FaultScheduleTest.mixed"));
    Set<Class<?>> seen = new HashSet<>();
    for (int run = 0; run < 200; run++) {
      seen.addAll(kinds(Nemesis.mixed().draw(random, NODES)));
    }

    assertThat(seen)
        .contains(
            Fault.Kill.class,
            Fault.Restart.class,
            Fault.LoseDisk.class,
            Fault.PowerFailMidWrite.class,
            Fault.Split.class,
            Fault.CutLink.class,
            Fault.Heal.class,
            Fault.ClockJump.class,
            Fault.MessageLoss.class,
            Fault.FlipBit.class);
  }

  /**
   * A bit flip counts as a partial disk loss of its node, at its time: a write whose replicas lost
   * W disks between the write and the read is excused, as after a wiped disk. It is not a whole
   * disk: the node's hints and Paxos state stay.
   */
  @Test
  void aBitFlipIsRecordedAsADiskLossOfItsNodeAtItsTime() {
    FaultFacts.Recorder recorder = new FaultFacts.Recorder(NetworkFaults.reliable());
    recorder.applied(new Fault.FlipBit(node(1)), 5_000);
    recorder.applied(new Fault.ClockJump(node(2), 10), 6_000);

    FaultFacts facts = recorder.facts();

    assertThat(facts.diskLosses()).containsExactly(new FaultFacts.DiskLoss(node(1), 5_000, false));
    assertThat(facts.disksLost()).containsExactly(node(1));
    assertThat(facts.wholeDisksLost()).as("a flipped bit is not a wiped disk").isEmpty();
    assertThat(facts.replicasLosingDisks(Set.of(node(1), node(2)), 4_000, 6_000)).isEqualTo(1);
    assertThat(facts.replicasLosingDisks(Set.of(node(1), node(2)), 5_000, 6_000)).isZero();
    assertThat(facts.crashed()).as("a bit flip stops no node").isFalse();
    assertThat(new Fault.FlipBit(node(1)).describe()).contains(node(1).value(), "flip a bit");
  }

  private static List<Class<?>> kinds(FaultSchedule schedule) {
    return schedule.faults().stream().<Class<?>>map(t -> t.fault().getClass()).toList();
  }
}
