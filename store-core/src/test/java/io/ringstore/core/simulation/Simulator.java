package io.ringstore.core.simulation;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.NewClock;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.coordinator.ReadRepair;
import io.ringstore.core.membership.GossipSettings;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.ring.RangeTransfers;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.testing.InMemoryCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The deterministic simulator (DESIGN.md, "The one architectural rule"): a whole cluster of real
 * services, its network, its clients and its faults, in one thread driven by one seeded {@link
 * Random} and one {@link EventQueue}. A run is a pure function of its seed and {@link
 * SimulationConfig}: the same pair produces a byte-identical {@link EventLog}.
 *
 * <p>A run has five phases, each logged by {@code sim}:
 *
 * <ol>
 *   <li><b>Join.</b> Every node starts knowing only itself and learns the others through the real
 *       membership exchange, seeded with node-0's address, until every node knows every member.
 *   <li><b>Workload.</b> The clients run while the {@link Nemesis}'s {@link FaultSchedule} (drawn
 *       now, its times counted from here) kills, restarts, partitions, heals, steps clocks, wipes
 *       disks and makes the network lossy; clocks drift throughout. Each node runs over its {@link
 *       SimulatedDisk}, so a crash keeps only what was forced.
 *   <li><b>Heal.</b> When the last client finishes, faults not yet applied are dropped, links heal,
 *       loss and duplication stop, stopped nodes restart, and the cluster rejoins.
 *   <li><b>Settle, power cut and repair.</b> Simulated time passes ({@link #SETTLE_MILLIS}) so
 *       every message in flight lands; then, if configured, the power is cut to every node at once
 *       and they all restart from their disks and rejoin (what was acknowledged must be durable,
 *       not just in memory); then the config's {@link RepairPhase} runs.
 *   <li><b>Read back.</b> Every replica of every key is read straight from its storage, membership
 *       rounds and storage timers stop, and each key is read once at R=ALL through a coordinator;
 *       the queue then drains and the run ends. A run of a {@link SimulatedService} has no read
 *       back: its clients keep their own history.
 * </ol>
 *
 * <p>All randomness comes from the one source, drawn in event order, so adding a random draw
 * anywhere changes every later decision of a seed: compare logs only between runs of one build.
 */
public final class Simulator {
  /** Where every node's wall clock starts. */
  static final long START_WALL_MILLIS = InMemoryCluster.START_WALL_MILLIS;

  /** How long the healed cluster runs before repair: longer than any message's latency. */
  static final long SETTLE_MILLIS = 5_000;

  /** How often the join phases check whether every node knows every member. */
  static final long MEMBERSHIP_POLL_MILLIS = 50;

  /** How long converged membership must hold after the heal to count as converged. */
  static final long MEMBERSHIP_STABLE_MILLIS = 3_000;

  /** Longest a join phase may take before the run fails: membership must converge. */
  static final long MEMBERSHIP_WAIT_MILLIS_MAX = 60_000;

  /** What every component of a run shares. */
  record Parts(
      EventQueue events,
      EventLog log,
      Random random,
      QuorumDefaults defaults,
      MembershipWatch watch,
      GossipSettings gossip,
      ReadRepair readRepair,
      HintedHandoff hints,
      HintsTaken hintsTaken,
      AntiEntropy.Settings antiEntropy,
      NewClock newClock,
      UnaryOperator<List<RangeTransfers.Transfer>> transfers,
      PaxosRules paxos) {}

  private final long seed;
  private final SimulationConfig config;
  private final Parts parts;
  private final Map<NodeId, SimulatedNode> nodes = new LinkedHashMap<>();
  private final Roster roster = new Roster();
  private final SimulatedNetwork network;
  private final FaultInjector faults;
  private final History history;
  private final Workload workload;
  private final SimulatedService serviceOrNull;

  private Simulator(long seed, SimulationConfig config, SimulatedService serviceOrNull) {
    this.seed = seed;
    this.config = config;
    this.serviceOrNull = serviceOrNull;
    EventQueue events = new EventQueue();
    this.parts =
        new Parts(
            events,
            new EventLog(events),
            new Random(seed),
            QuorumDefaults.defaults(),
            new MembershipWatch(events),
            config.gossip(),
            config.readRepair(),
            config.hints(),
            new HintsTaken(),
            config.antiEntropy(),
            config.newClock(),
            config.transfers(),
            config.paxos());
    // A service's nodes are told every node of the cluster at the start: no spares for them.
    int spares = serviceOrNull == null ? config.spares() : 0;
    List<Member> members = members(config.nodes() + spares);
    SimulatedNode.Peers peers =
        new SimulatedNode.Peers(
            List.of(new HostPort(members.get(0).host(), members.get(0).port())),
            members.stream().map(Member::id).toList());
    for (Member member : members) {
      nodes.put(member.id(), node(member, peers));
      if (nodes.size() > config.nodes()) {
        roster.addSpare(member.id());
      }
    }
    this.network = new SimulatedNetwork(parts, nodes, config.network());
    this.faults = new FaultInjector(parts, nodes, roster, network, config.network());
    this.history = new History(keys(config.workload().keys()), config.replicationFactor());
    List<NodeId> ids = memberIds();
    this.workload =
        new Workload(parts, network.transport(null), ids, config.workload(), history, this::heal);
  }

  /** How many of the last log lines a failed run reports. */
  static final int FAILURE_LOG_LINES = 60;

  /**
   * Runs the simulation of {@code config} under {@code seed} to the end.
   *
   * @throws IllegalStateException if the code under test throws, an invariant the simulator checks
   *     as it runs fails (an {@link AssertionError}), or the run breaks a bound; the message names
   *     the seed and ends with the last lines of the event log
   */
  public static SimulationRun run(long seed, SimulationConfig config) {
    return run(new Simulator(seed, config, null));
  }

  /**
   * Runs {@code service} on every node and its clients instead of the store's workload, under the
   * faults of {@code config}. The run's {@link History} stays empty: the service keeps its own.
   */
  public static SimulationRun run(long seed, SimulationConfig config, SimulatedService service) {
    return run(new Simulator(seed, config, service));
  }

  private static SimulationRun run(Simulator simulator) {
    try {
      return simulator.run();
    } catch (RuntimeException | AssertionError e) {
      throw new IllegalStateException(simulator.failure(e), e);
    }
  }

  private String failure(Throwable e) {
    List<String> lines = parts.log().lines();
    List<String> last = lines.subList(Math.max(0, lines.size() - FAILURE_LOG_LINES), lines.size());
    return "seed " + seed + " failed: " + e + "; last log lines:\n" + String.join("\n", last);
  }

  private SimulationRun run() {
    parts.log().record("sim", "start seed " + seed + " with " + nodes.size() + " nodes");
    for (SimulatedNode node : members()) {
      node.start(network);
    }
    awaitMembership(parts.events().nowNanos(), this::startWorkload);
    parts.events().runUntilEmpty();
    parts.log().record("sim", "end after " + parts.events().eventsRun() + " events");
    return new SimulationRun(
        seed, history, parts.log(), parts.events().eventsRun(), parts.events().nowNanos());
  }

  private void startWorkload() {
    parts.log().record("sim", "workload starts");
    faults.start(config.nemesis().draw(parts.random(), memberIds()));
    if (serviceOrNull == null) {
      workload.start();
    } else {
      List<NodeId> ids = memberIds();
      serviceOrNull.startClients(new ServiceClients(parts, network, ids), this::heal);
    }
  }

  /** The workload is done: stop every fault, restart the stopped, rejoin, then settle. */
  private void heal() {
    parts.log().record("sim", "workload done; faults stop");
    faults.stop();
    faults.healAll();
    faults.setLoss(0, 0);
    restartStopped();
    awaitMembershipAfterHeal(parts.events().nowNanos(), Long.MAX_VALUE);
  }

  /**
   * Settles once every node has had every member on one ring and all of them up for {@link
   * #MEMBERSHIP_STABLE_MILLIS}, recording how long after the heal that stable state began; if that
   * takes longer than {@link #MEMBERSHIP_WAIT_MILLIS_MAX}, records that it never converged and
   * settles anyway, for the checkers to judge.
   */
  private void awaitMembershipAfterHeal(long healNanos, long stableSinceNanos) {
    long now = parts.events().nowNanos();
    long stableSince = membershipConverged() ? Math.min(stableSinceNanos, now) : Long.MAX_VALUE;
    if (stableSince != Long.MAX_VALUE
        && now - stableSince >= MEMBERSHIP_STABLE_MILLIS * 1_000_000) {
      long afterHealNanos = stableSince - healNanos;
      parts
          .log()
          .record("sim", "membership converged " + afterHealNanos / 1_000_000 + " ms after heal");
      parts.watch().convergedAfterHeal(afterHealNanos);
      settle();
    } else if (now - healNanos > MEMBERSHIP_WAIT_MILLIS_MAX * 1_000_000) {
      parts.log().record("sim", "membership did not converge after the heal: " + membershipViews());
      settle();
    } else {
      parts
          .events()
          .schedule(
              MEMBERSHIP_POLL_MILLIS * 1_000_000,
              () -> awaitMembershipAfterHeal(healNanos, stableSince));
    }
  }

  /** The last membership and movement events of the log: why membership did not converge. */
  private List<String> membershipEvents() {
    List<String> events =
        parts.log().lines().stream()
            .filter(line -> line.contains("membership:") || line.contains("movement:"))
            .toList();
    return events.subList(Math.max(0, events.size() - FAILURE_LOG_LINES), events.size());
  }

  /** Each node's ring epoch, members on its ring and node states, for the log. */
  private String membershipViews() {
    StringBuilder views = new StringBuilder();
    for (SimulatedNode node : nodes.values()) {
      views.append(node.id()).append(node.isUp() ? "" : " (down)");
      if (node.isUp()) {
        views.append(": epoch ").append(node.ring().epoch());
        views.append(", ").append(node.ring().members().size()).append(" on the ring, ");
        views.append(node.membership().states());
      }
      views.append("; ");
    }
    return views.toString();
  }

  private boolean membershipConverged() {
    return ringsAgree() && members().stream().allMatch(n -> n.membership().states().allUp());
  }

  /**
   * Whether every member is up with every member on its ring, at one epoch, and nothing moving: no
   * member joining or leaving (a spare that joined is a member once it started).
   */
  private boolean ringsAgree() {
    List<SimulatedNode> members = members();
    if (!members.stream().allMatch(SimulatedNode::isUp)) {
      return false;
    }
    long epoch = members.get(0).ring().epoch();
    return members.stream()
        .allMatch(
            n ->
                n.ring().members().size() == members.size()
                    && n.ring().epoch() == epoch
                    && n.membership().future() == n.ring());
  }

  /** The nodes in the cluster now: neither spares waiting to join nor departed. */
  private List<SimulatedNode> members() {
    return nodes.values().stream().filter(n -> roster.inCluster(n.id())).toList();
  }

  private List<NodeId> memberIds() {
    return members().stream().map(SimulatedNode::id).toList();
  }

  private void restartStopped() {
    for (SimulatedNode node : members()) {
      if (!node.isUp() && node.membership().status() == MemberStatus.LEFT) {
        // It announced LEFT after its decommission gave up waiting: it is out of the cluster.
        parts.log().record(node.id().value(), "left: not restarted");
        roster.depart(node.id());
      } else if (!node.isUp()) {
        parts.log().record(node.id().value(), "restart");
        parts.watch().settled(node.id());
        node.start(network);
      }
    }
  }

  private void settle() {
    parts.events().schedule(SETTLE_MILLIS * 1_000_000, this::powerCut);
  }

  private void powerCut() {
    if (config.powerCutAtEnd()) {
      faults.powerCut();
      restartStopped();
      awaitMembership(parts.events().nowNanos(), this::repair);
    } else {
      repair();
    }
  }

  private void repair() {
    parts.log().record("sim", "settled; repair phase");
    config.repair().run(members(), history.keys(), parts.events(), this::readBack);
  }

  private void readBack() {
    parts.log().record("sim", "read every replica; final reads at R=ALL");
    history.setFaults(faults.facts());
    history.setMembership(parts.watch().facts());
    history.setHintsTaken(parts.hintsTaken());
    nodes.values().forEach(SimulatedNode::stopTimers);
    if (serviceOrNull != null) {
      return;
    }
    recordIntentsLeft();
    SimulatedNode first = members().get(0);
    for (String key : history.keys()) {
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      for (Member replica : first.ring().preferenceList(bytes).replicas()) {
        history.addReplicaState(key, replica.id(), nodes.get(replica.id()).storage().get(bytes));
      }
    }
    workload.finalReads(first.id());
  }

  /**
   * The intents each node that is up still holds on the keys it replicates, for the transaction
   * checker (an acceptor keeps the state of keys a ring change took from it, out of their rounds).
   */
  private void recordIntentsLeft() {
    for (SimulatedNode node : members()) {
      if (!node.isUp()) {
        continue;
      }
      long nowMillis = node.clock().wallMillis();
      node.intents()
          .forEach(
              (key, intent) -> {
                byte[] bytes = new byte[key.remaining()];
                key.duplicate().get(bytes);
                boolean replica =
                    node.ring().preferenceList(bytes).replicas().stream()
                        .anyMatch(member -> member.id().equals(node.id()));
                if (replica) {
                  history
                      .bank()
                      .intentLeft(
                          new BankHistory.IntentLeft(
                              node.id().value(),
                              new String(bytes, StandardCharsets.UTF_8),
                              intent,
                              nowMillis - intent.startedMillis()));
                }
              });
    }
  }

  /**
   * Runs {@code then} once every node has every member on one ring (whatever it believes of their
   * liveness: the checkers judge that after the heal); fails the run if that takes too long.
   */
  private void awaitMembership(long sinceNanos, Runnable then) {
    if (ringsAgree()) {
      parts.log().record("sim", "every node has all " + members().size() + " members on one ring");
      then.run();
    } else if (parts.events().nowNanos() - sinceNanos > MEMBERSHIP_WAIT_MILLIS_MAX * 1_000_000) {
      throw new IllegalStateException(
          "seed "
              + seed
              + ": membership did not converge in "
              + MEMBERSHIP_WAIT_MILLIS_MAX
              + " ms: "
              + membershipViews()
              + "; membership events:\n"
              + String.join("\n", membershipEvents()));
    } else {
      parts
          .events()
          .schedule(MEMBERSHIP_POLL_MILLIS * 1_000_000, () -> awaitMembership(sinceNanos, then));
    }
  }

  private SimulatedNode node(Member member, SimulatedNode.Peers peers) {
    long drift = config.clockDriftPpmMax();
    long driftPpm = drift == 0 ? 0 : parts.random().nextLong(-drift, drift + 1);
    NodeClock clock = new NodeClock(parts.events(), driftPpm, START_WALL_MILLIS);
    NodeId id = member.id();
    SimulatedStorage storage =
        new SimulatedStorage(
            parts.random(),
            ringConfig(config).partitioner(),
            config.storage(),
            engine -> config.engines().apply(id, engine));
    return new SimulatedNode(
        member,
        clock,
        ringConfig(config),
        peers,
        parts,
        storage,
        handler -> config.handlers().apply(id, handler),
        serviceOrNull);
  }

  private static RingConfig ringConfig(SimulationConfig config) {
    return RingConfig.defaults()
        .withReplicationFactor(config.replicationFactor())
        .withVnodesPerUnitWeight(InMemoryCluster.VNODES_PER_MEMBER);
  }

  private static List<Member> members(int count) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(Member.of(FaultSchedule.node(i).value(), "localhost", 7000 + i));
    }
    return members;
  }

  private static List<String> keys(int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add("key-" + i);
    }
    return keys;
  }
}
