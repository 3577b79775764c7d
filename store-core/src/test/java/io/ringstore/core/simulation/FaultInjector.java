package io.ringstore.core.simulation;

import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a {@link FaultSchedule} to the simulated cluster: each fault is an event at its time,
 * logged as {@code sim fault ...} when it happens and recorded in the run's {@link FaultFacts}.
 * {@link #stop} cancels whatever has not happened yet.
 *
 * <p>A power failure mid-write is armed when its time comes and fires inside the node's next disk
 * write, in the middle of some event; the crash it causes is then an event of its own at the same
 * instant, so that the write's failure first runs its course (the engine throws, the replica
 * answers with an error). That crash is not one of the schedule's faults: {@link #stop} does not
 * cancel it, but crashes at once a node whose power failed, and disarms what never fired.
 */
final class FaultInjector {
  private final Simulator.Parts parts;
  private final Map<NodeId, SimulatedNode> nodes;
  private final SimulatedNetwork network;
  private final FaultFacts.Recorder facts;
  private final List<EventQueue.Event> pending = new ArrayList<>();
  private final Set<NodeId> cutOff = new TreeSet<>();
  private final Roster roster;

  FaultInjector(
      Simulator.Parts parts,
      Map<NodeId, SimulatedNode> nodes,
      Roster roster,
      SimulatedNetwork network,
      NetworkFaults base) {
    this.parts = parts;
    this.nodes = nodes;
    this.roster = roster;
    this.network = network;
    this.facts = new FaultFacts.Recorder(base);
    parts.watch().lossy(base.dropProbability() > 0);
  }

  /** Schedules every fault of {@code schedule}, its times counted from now. */
  void start(FaultSchedule schedule) {
    parts.log().record("sim", "fault schedule: " + schedule);
    for (FaultSchedule.Timed timed : schedule.faults()) {
      long delayNanos = Math.multiplyExact(timed.atMillis(), 1_000_000L);
      pending.add(parts.events().schedule(delayNanos, () -> apply(timed.fault())));
    }
  }

  /**
   * Drops every fault not applied yet, disarms power failures that cut no write, and crashes a node
   * whose power failed but whose crash has not run yet.
   */
  void stop() {
    pending.forEach(EventQueue.Event::cancel);
    for (SimulatedNode node : nodes.values()) {
      if (node.disarmPowerFailure()) {
        parts.log().record(node.id().value(), "power failure disarmed: no write before the heal");
      }
      if (node.powerFailed()) {
        crashIfUp(node);
      }
    }
  }

  /** Crashes every node that is up at once, as a power cut does: each loses what was unforced. */
  void powerCut() {
    parts.log().record("sim", "power cut: every node that is up crashes");
    facts.powerCut();
    nodes.values().forEach(this::crashIfUp);
  }

  FaultFacts facts() {
    return facts.facts();
  }

  private void apply(Fault fault) {
    parts.log().record("sim", "fault " + fault.describe());
    facts.applied(fault, parts.events().nowNanos());
    if (fault instanceof Fault.Kill kill) {
      crashIfUp(node(kill.node()));
    } else if (fault instanceof Fault.Restart restart) {
      disarmAtRestart(node(restart.node()));
      restartIfDown(node(restart.node()));
    } else if (fault instanceof Fault.LoseDisk lose) {
      crashIfUp(node(lose.node()));
      node(lose.node()).loseDisk();
    } else if (fault instanceof Fault.FlipBit flip) {
      parts.log().record(flip.node().value(), node(flip.node()).flipBit());
    } else if (fault instanceof Fault.PowerFailMidWrite power) {
      armPowerFailure(node(power.node()));
    } else if (fault instanceof Fault.Pause pause) {
      pause(node(pause.node()), pause.millis());
    } else if (fault instanceof Fault.Split split) {
      cut(split);
    } else if (fault instanceof Fault.CutLink link) {
      block(link.from(), link.to());
    } else if (fault instanceof Fault.Heal) {
      healAll();
    } else if (fault instanceof Fault.ClockJump jump) {
      node(jump.node()).clock().jumpWall(jump.deltaMillis());
    } else if (fault instanceof Fault.MessageLoss loss) {
      setLoss(loss.dropProbability(), loss.duplicateProbability());
    } else if (fault instanceof Fault.Join join) {
      join(join.node());
    } else if (fault instanceof Fault.Decommission decommission) {
      decommission(node(decommission.node()));
    }
  }

  private void join(NodeId id) {
    if (!nodes.containsKey(id) || !roster.join(id)) {
      parts.log().record("sim", id + " is no spare: nothing joins");
      return;
    }
    parts.log().record(id.value(), "start: joins the cluster");
    nodes.get(id).start(network);
  }

  private void decommission(SimulatedNode node) {
    if (!node.isUp()) {
      parts.log().record(node.id().value(), "down: cannot decommission");
      return;
    }
    try {
      node.movements().decommission();
    } catch (IllegalStateException refused) {
      parts.log().record(node.id().value(), "decommission refused: " + refused.getMessage());
      return;
    }
    awaitLeft(node, parts.events().nowNanos());
  }

  /**
   * Once the node announces LEFT, takes it out of the cluster (nothing restarts it, and membership
   * is judged without it) and stops it for good after the ring change settled (others may write to
   * it until then); gives up after {@link Simulator#MEMBERSHIP_WAIT_MILLIS_MAX} twice, so that a
   * run whose node never leaves still ends (the checkers then judge it as a member).
   */
  private void awaitLeft(SimulatedNode node, long sinceNanos) {
    long now = parts.events().nowNanos();
    if (node.isUp() && node.membership().status() == MemberStatus.LEFT) {
      roster.depart(
          node.id()); // out of the cluster now: the power cut at the end restarts no LEFT node
      parts
          .events()
          .schedule(
              node.membership().ringSettleNanos(),
              () -> {
                parts.log().record(node.id().value(), "left: stops for good");
                crashIfUp(node);
              });
    } else if (now - sinceNanos > 2 * Simulator.MEMBERSHIP_WAIT_MILLIS_MAX * 1_000_000) {
      parts.log().record(node.id().value(), "never announced LEFT");
    } else {
      parts
          .events()
          .schedule(
              Simulator.MEMBERSHIP_POLL_MILLIS * 1_000_000, () -> awaitLeft(node, sinceNanos));
    }
  }

  private void pause(SimulatedNode node, long millis) {
    if (!node.isUp()) {
      parts.log().record(node.id().value(), "down: nothing to pause");
      return;
    }
    long untilNanos = parts.events().nowNanos() + millis * 1_000_000;
    node.pauseUntil(untilNanos);
    parts.watch().disturbed(node.id(), untilNanos);
  }

  /** Cuts one directed link; both ends are disturbed until the next heal. */
  private void block(NodeId from, NodeId to) {
    network.block(from, to);
    cutOff.add(from);
    cutOff.add(to);
    parts.watch().disturbedUntilFurtherNotice(from);
    parts.watch().disturbedUntilFurtherNotice(to);
  }

  /** Restores every link; the nodes that were cut off settle, unless they are down. */
  void healAll() {
    network.healAll();
    for (NodeId node : cutOff) {
      if (nodes.get(node).isUp()) {
        parts.watch().settled(node);
      }
    }
    cutOff.clear();
  }

  /** Changes the network's loss; when loss stops, every node settles from it now. */
  void setLoss(double dropProbability, double duplicateProbability) {
    network.setLoss(dropProbability, duplicateProbability);
    parts.watch().lossy(dropProbability > 0);
    if (dropProbability == 0) {
      nodes.keySet().forEach(node -> parts.watch().disturbed(node, parts.events().nowNanos()));
    }
  }

  private void armPowerFailure(SimulatedNode node) {
    if (!node.isUp()) {
      parts.log().record(node.id().value(), "down: no write for the power failure to cut");
      return;
    }
    int incarnation = node.incarnation();
    node.armPowerFailure(
        cut -> {
          parts.log().record(node.id().value(), "disk: " + cut);
          facts.powerFailedMidWrite();
          parts.events().schedule(0, () -> crashAfterPowerFailure(node, incarnation));
        });
  }

  /**
   * A power failure's window ends at its restart: armed but not fired by then, it is disarmed, so
   * it cannot crash the node later with no restart left to bring it back before the heal.
   */
  private void disarmAtRestart(SimulatedNode node) {
    if (node.disarmPowerFailure()) {
      parts.log().record(node.id().value(), "power failure disarmed: no write before its restart");
    }
  }

  /** The crash a power failure mid-write causes, unless the node crashed otherwise meanwhile. */
  private void crashAfterPowerFailure(SimulatedNode node, int incarnation) {
    if (node.incarnation() == incarnation) {
      parts.log().record("sim", "power failure crashes " + node.id());
      crashIfUp(node);
    }
  }

  private void cut(Fault.Split split) {
    for (NodeId inside : split.minority()) {
      for (NodeId outside : nodes.keySet()) {
        if (!split.minority().contains(outside)) {
          block(inside, outside);
          if (!split.oneWay()) {
            block(outside, inside);
          }
        }
      }
    }
  }

  private void crashIfUp(SimulatedNode node) {
    parts.watch().disturbedUntilFurtherNotice(node.id());
    if (node.isUp()) {
      parts.log().record(node.id().value(), "crash");
      node.crash();
    }
  }

  private void restartIfDown(SimulatedNode node) {
    if (!node.isUp() && roster.inCluster(node.id())) {
      parts.watch().settled(node.id());
      parts.log().record(node.id().value(), "restart");
      node.start(network);
    }
  }

  private SimulatedNode node(NodeId id) {
    SimulatedNode node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException("the fault schedule names " + id + ", not in the cluster");
    }
    return node;
  }
}
