package io.ringstore.core.simulation;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.ConditionalSettings;
import io.ringstore.core.coordinator.Coordinator;
import io.ringstore.core.coordinator.CoordinatorContext;
import io.ringstore.core.coordinator.CounterReservations;
import io.ringstore.core.coordinator.IntentSweeper;
import io.ringstore.core.coordinator.NewClock;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.coordinator.ReadRepair;
import io.ringstore.core.dispatch.NodeRequestHandler;
import io.ringstore.core.hints.HintReplayer;
import io.ringstore.core.hints.HintStore;
import io.ringstore.core.membership.GossipMembership;
import io.ringstore.core.membership.GossipSettings;
import io.ringstore.core.membership.MembershipStore;
import io.ringstore.core.membership.ObservedTransport;
import io.ringstore.core.membership.PeerEvidence;
import io.ringstore.core.movement.PaxosHandover;
import io.ringstore.core.movement.RangeMovements;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.repair.AntiEntropyReplica;
import io.ringstore.core.repair.RepairEndpoint;
import io.ringstore.core.replica.AcceptorStates;
import io.ringstore.core.replica.LocalReplicaTransport;
import io.ringstore.core.replica.PaxosAcceptor;
import io.ringstore.core.replica.PaxosStore;
import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.ring.RangeTransfers;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.log.LogStorageEngine;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.NodeInfoResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One node of the simulated cluster: the real services, built as {@code NodeAssembly} builds them,
 * over this node's own clock, a scheduler view onto the simulator's queue and its own {@link
 * SimulatedStorage}.
 *
 * <p>Each {@link #start} begins a new incarnation over a fresh storage engine that recovers from
 * the node's disk. A {@link #crash} ends it: the network stops delivering to it, answers addressed
 * to it are dropped, its pending timers and background work never run (they check the incarnation
 * that set them), and its disk keeps only what was forced. {@link #loseDisk} replaces a down node's
 * disk with an empty one, and with it the coordinator's counter reservations, which live on the
 * same disk. A power failure armed on a running node's disk cuts its next write short; whoever
 * armed it crashes the node right after. Each start logs what the engine's recovery found ({@code
 * recovery: ...}), and a put the engine reports stored after the power failed fails the run ({@link
 * NoStoreAfterPowerFailure}).
 *
 * <p>Each incarnation runs the real {@link GossipMembership} and failure detector over the
 * simulated network, this node's scheduler and clock, and a random source drawn from the run's: on
 * its first start it knows only itself, announces itself to its seeds and chooses tokens; a restart
 * finds its generation, tokens and members in its {@link MembershipStore}, which lives on the
 * node's disk and is lost with it. The coordinator and gossip send through an {@link
 * ObservedTransport}, so request evidence feeds the detector as in production.
 *
 * <p>A node may also run a {@link SimulatedService}, started with each incarnation beside the
 * store's services; it is told every member of the cluster, not what membership has learned.
 */
final class SimulatedNode {
  /** How often a simulated read asks every replica, so that skipped replicas join its repair. */
  static final double READ_REPAIR_CHANCE = 0.1;

  /** How often a node's hint replayer runs a round: the simulator's runs are seconds long. */
  static final long HINT_REPLAY_INTERVAL_MILLIS = 200;

  /** How long a replayed hint waits for its owner's answer in a simulated run. */
  static final long HINT_REPLAY_TIMEOUT_MILLIS = 1_000;

  /**
   * Anti-entropy in a simulated run: a periodic run (over the ranges a node is first replica of)
   * every second, so that runs overlap the workload and its faults; unthrottled; small leaves, so
   * that trees have depth even with a few hundred keys; a second for each answer.
   */
  static final AntiEntropy.Settings ANTI_ENTROPY = new AntiEntropy.Settings(1_000, 0, 2, 1_000);

  private final Member self;
  private final NodeId id;
  private final NodeClock clock;
  private final SimulatedStorage storage;
  private CounterReservations counterReservations = CounterReservations.inMemory();
  private MembershipStore membershipStore = MembershipStore.inMemory();
  private final RingConfig ringConfig;
  private final List<HostPort> seeds;
  private final List<NodeId> cluster;
  private final QuorumDefaults defaults;
  private final EventQueue events;
  private final EventLog log;
  private final Random random;
  private final MembershipWatch watch;
  private final GossipSettings gossip;
  private final ReadRepair readRepair;
  private final NewClock newClock;
  private final PaxosRules paxos;
  private final UnaryOperator<List<RangeTransfers.Transfer>> transfers;
  private final HintedHandoff hinted;
  private final HintsTaken hintsTaken;
  private final AntiEntropy.Settings antiEntropySettings;
  private final UnaryOperator<RequestHandler> decorator;
  private final SimulatedService serviceOrNull;
  private int incarnation;
  private RequestHandler handler;
  private StorageEngine engine;
  private HintStore hints;
  private HintReplayer replayer;
  private AntiEntropy antiEntropy;
  private RangeMovements movements;
  private IntentSweeper sweeper;
  private PaxosAcceptor acceptor;
  private Transport transport;
  private GossipMembership membership;
  private ServiceEndpoint serviceEndpoint;
  private long timersSet;
  private long pausedUntilNanos;
  private boolean storageTimersStopped;

  /** Where a node finds the rest of the cluster: its membership seeds, and every member's id. */
  record Peers(List<HostPort> seeds, List<NodeId> cluster) {
    Peers {
      seeds = List.copyOf(seeds);
      cluster = List.copyOf(cluster);
    }
  }

  SimulatedNode(
      Member self,
      NodeClock clock,
      RingConfig ringConfig,
      Peers peers,
      Simulator.Parts parts,
      SimulatedStorage storage,
      UnaryOperator<RequestHandler> decorator,
      SimulatedService serviceOrNull) {
    this.self = self;
    this.id = self.id();
    this.clock = clock;
    this.ringConfig = ringConfig;
    this.seeds = peers.seeds();
    this.cluster = peers.cluster();
    this.defaults = parts.defaults();
    this.events = parts.events();
    this.log = parts.log();
    this.random = parts.random();
    this.watch = parts.watch();
    this.gossip = parts.gossip();
    this.readRepair = parts.readRepair();
    this.newClock = parts.newClock();
    this.transfers = parts.transfers();
    this.paxos = parts.paxos();
    this.hinted = parts.hints();
    this.hintsTaken = parts.hintsTaken();
    this.antiEntropySettings = parts.antiEntropy();
    this.storage = storage;
    this.decorator = decorator;
    this.serviceOrNull = serviceOrNull;
  }

  /** Opens a fresh engine over the node's disk, builds fresh services, starts an incarnation. */
  void start(SimulatedNetwork network) {
    if (isUp()) {
      throw new IllegalStateException(id + " is up; crash it before starting it again");
    }
    incarnation++;
    NodeScheduler scheduler = new NodeScheduler(incarnation, false);
    PeerEvidence evidence = new PeerEvidence(MILLISECONDS.toNanos(gossip.silentAfterMillis()));
    transport =
        new ObservedTransport(
            id,
            network.transport(id),
            evidence,
            clock,
            ObservedTransport.IN_FLIGHT_MAX_PER_NODE_DEFAULT);
    membership =
        new GossipMembership(
            self,
            ringConfig,
            seeds,
            gossip,
            new GossipMembership.Parts(
                transport,
                network.seedTransport(id),
                scheduler,
                clock,
                new Random(random.nextLong()),
                membershipStore,
                evidence,
                this::membershipEvent));
    engine = openStorage();
    hints = openHints();
    acceptor = new PaxosAcceptor(new PaxosStore(openPaxos(), clock), engine, paxos.promises());
    AcceptorStates paxosStates = new AcceptorStates(acceptor, Runnable::run);
    ReplicaService replica = new ReplicaService(engine, Runnable::run, hints, acceptor);
    CoordinatorContext context =
        new CoordinatorContext(
            id,
            membership,
            new LocalReplicaTransport(id, replica, transport),
            clock,
            scheduler,
            defaults,
            VectorClock.ENTRIES_MAX_DEFAULT,
            counterReservations,
            CoordinatorContext.SIBLINGS_MAX_DEFAULT);
    antiEntropy = antiEntropyWalking(AntiEntropy.Walk.ALL, antiEntropySettings);
    movements =
        new RangeMovements(
            id,
            membership,
            antiEntropy,
            new PaxosHandover(
                paxosStates,
                transport,
                new NodeScheduler(incarnation, false),
                Runnable::run,
                TimeUnit.MILLISECONDS.toNanos(antiEntropySettings.timeoutMillis())),
            scheduler,
            clock,
            this::membershipEvent,
            transfers);
    Coordinator coordinator =
        new Coordinator(
                context,
                readRepair,
                ReadRepair.Chance.of(READ_REPAIR_CHANCE, random),
                hinted.mode(),
                newClock)
            .withConditionalSettings(
                new ConditionalSettings(
                    new Random(random.nextLong()),
                    paxos.proposer(),
                    paxos.locks(),
                    paxos.transactions()));
    handler =
        decorator.apply(
            new NodeRequestHandler(
                coordinator,
                replica,
                membership,
                membership,
                () -> NodeInfoResponse.NONE,
                new RepairEndpoint(
                    new AntiEntropyReplica(
                        engine, Runnable::run, antiEntropySettings.keysPerLeaf()),
                    paxosStates,
                    antiEntropy,
                    movements::decommission,
                    membership::remove)));
    membership.start();
    replayer =
        new HintReplayer(
            hints,
            hinted.replayLinks().apply(transport),
            membership::states,
            scheduler,
            new HintReplayer.Settings(
                HINT_REPLAY_INTERVAL_MILLIS,
                HintReplayer.Settings.DEFAULTS.inFlightMax(),
                HINT_REPLAY_TIMEOUT_MILLIS,
                HintReplayer.Settings.DEFAULTS.batchMax()),
            hinted.deletion());
    replayer.start();
    antiEntropy.start();
    movements.start();
    sweeper = coordinator.intentSweeper(acceptor::intents);
    sweeper.start();
    if (serviceOrNull != null) {
      serviceEndpoint =
          serviceOrNull.start(
              new ServiceNode(
                  id,
                  cluster,
                  (to, message) -> network.post(id, to, message),
                  scheduler,
                  line -> log.record(id.value(), line)));
    }
  }

  /**
   * Anti-entropy of this incarnation that syncs the leaves {@code walk} picks, with {@code
   * settings}: the repair phase runs one with periodic runs off, production's walk or a broken one.
   */
  AntiEntropy antiEntropyWalking(AntiEntropy.Walk walk, AntiEntropy.Settings settings) {
    return new AntiEntropy(
        id,
        engine,
        transport,
        membership,
        new NodeScheduler(incarnation, false),
        clock,
        Runnable::run,
        settings,
        walk);
  }

  private void membershipEvent(String line) {
    log.record(id.value(), line);
    watch.event(id, line);
  }

  /** A fresh engine over the disk; what its recovery found is logged as {@code recovery: ...}. */
  private StorageEngine openStorage() {
    LogStorageEngine opened =
        storage.open(clock, new NodeScheduler(incarnation, true), new NodeExecutor(incarnation));
    opened.recoveryReport().messages().forEach(m -> log.record(id.value(), "recovery: " + m));
    return storage.serve(new NoStoreAfterPowerFailure(opened, storage::powerFailed));
  }

  /**
   * A fresh engine for the Paxos acceptor over the disk's Paxos directory; what its recovery found
   * is logged as {@code paxos recovery: ...}.
   */
  private StorageEngine openPaxos() {
    LogStorageEngine opened =
        storage.openPaxos(
            clock, new NodeScheduler(incarnation, true), new NodeExecutor(incarnation));
    opened.recoveryReport().messages().forEach(m -> log.record(id.value(), "paxos recovery: " + m));
    return new NoStoreAfterPowerFailure(opened, storage::powerFailed);
  }

  /**
   * A fresh hint store over the disk's hint directory; what its engine's recovery found is logged
   * as {@code hints recovery: ...}.
   */
  private HintStore openHints() {
    LogStorageEngine opened =
        storage.openHints(
            clock, new NodeScheduler(incarnation, true), new NodeExecutor(incarnation));
    opened.recoveryReport().messages().forEach(m -> log.record(id.value(), "hints recovery: " + m));
    return HintStore.open(
        hintsTaken.watching(new NoStoreAfterPowerFailure(opened, storage::powerFailed)),
        id,
        clock,
        HintStore.Limits.DEFAULTS);
  }

  /**
   * Ends this incarnation: no more deliveries, its pending timers and background work are dropped,
   * and the disk loses what was not forced.
   */
  void crash() {
    pausedUntilNanos = 0;
    membership.close();
    replayer.close();
    antiEntropy.close();
    movements.close();
    handler = null;
    engine = null;
    hints = null;
    serviceEndpoint = null;
    incarnation++;
    log.record(id.value(), "disk: " + storage.crash());
  }

  /** Replaces the disk of this down node with an empty one; it restarts empty. */
  void loseDisk() {
    if (isUp()) {
      throw new IllegalStateException(id + " is up; a disk is lost only with its node down");
    }
    storage.wipe();
    counterReservations = CounterReservations.inMemory();
    membershipStore = MembershipStore.inMemory();
    log.record(id.value(), "disk lost; it restarts empty");
  }

  /** Writes {@code line} to the run's event log as this node's. */
  void record(String line) {
    log.record(id.value(), line);
  }

  /** Flips a bit in one of this node's data segments, up or down; says what it flipped. */
  String flipBit() {
    return "disk: " + storage.flipBit();
  }

  /**
   * Arms a power failure on this running node's disk: its next write is cut short, and {@code
   * onFailure} is told from inside it (and must crash the node: its disk then fails every write).
   */
  void armPowerFailure(Consumer<String> onFailure) {
    if (!isUp()) {
      throw new IllegalStateException(id + " is down; a power failure is armed on a running node");
    }
    storage.armPowerFailure(onFailure);
  }

  /** Disarms a power failure that has not cut a write yet; returns whether one was armed. */
  boolean disarmPowerFailure() {
    return storage.disarmPowerFailure();
  }

  /** Whether this node's power failed mid-write in this incarnation (a crash must follow). */
  boolean powerFailed() {
    return storage.powerFailed();
  }

  /**
   * The run is ending: membership rounds and the engine's periodic checks (compaction) stop
   * rescheduling themselves, so that the event queue drains once the final reads are done. The node
   * still serves.
   */
  void stopTimers() {
    if (membership != null) {
      membership.close();
    }
    if (replayer != null) {
      replayer.close();
    }
    if (antiEntropy != null) {
      antiEntropy.close();
    }
    if (movements != null) {
      movements.close();
    }
    if (sweeper != null) {
      sweeper.close();
    }
    storageTimersStopped = true;
  }

  /** Stops this node's process until {@code untilNanos} of simulated time (see Fault.Pause). */
  void pauseUntil(long untilNanos) {
    pausedUntilNanos = Math.max(pausedUntilNanos, untilNanos);
  }

  /**
   * How long from now this node stays paused; 0 if it runs. Whatever would reach it meanwhile (a
   * message, a timer, background work) waits this long, as in a stopped process.
   */
  long pausedForNanos() {
    return Math.max(0, pausedUntilNanos - events.nowNanos());
  }

  /** The ring this node routes on now. */
  Ring ring() {
    return membership.current();
  }

  /** This incarnation's range movements: its join's streaming, its decommission. */
  RangeMovements movements() {
    return movements;
  }

  /** This incarnation's membership: its ring, its judgements of the others. */
  GossipMembership membership() {
    return membership;
  }

  Member self() {
    return self;
  }

  boolean isUp() {
    return handler != null;
  }

  /** Changes on every start and crash; work set under an older value is dead. */
  int incarnation() {
    return incarnation;
  }

  NodeId id() {
    return id;
  }

  /** The transactions' intents this node's acceptor holds (none while it is down). */
  Map<ByteBuffer, Intent> intents() {
    return acceptor == null ? Map.of() : acceptor.intents();
  }

  NodeClock clock() {
    return clock;
  }

  RequestHandler handler() {
    if (handler == null) {
      throw new IllegalStateException(id + " is down; the network must not deliver to it");
    }
    return handler;
  }

  /** The storage engine of this incarnation. */
  StorageEngine storage() {
    if (engine == null) {
      throw new IllegalStateException(id + " is down; its storage is closed");
    }
    return engine;
  }

  /** The hints this incarnation holds for other nodes. */
  HintStore hints() {
    if (hints == null) {
      throw new IllegalStateException(id + " is down; its hint store is closed");
    }
    return hints;
  }

  /** The {@link SimulatedService} of this incarnation. */
  ServiceEndpoint serviceEndpoint() {
    if (serviceEndpoint == null) {
      throw new IllegalStateException(id + " runs no service, or is down");
    }
    return serviceEndpoint;
  }

  /** Timers of one incarnation, measured on this node's clock, run as simulator events. */
  private final class NodeScheduler implements Scheduler {
    private final int owner;
    private final boolean forStorage;

    NodeScheduler(int owner, boolean forStorage) {
      this.owner = owner;
      this.forStorage = forStorage;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
      long timer = ++timersSet;
      EventQueue.Event event =
          events.schedule(clock.simulatedDelay(delayNanos), () -> fire(timer, task));
      return event::cancel;
    }

    private void fire(long timer, Runnable task) {
      if (incarnation != owner || (forStorage && storageTimersStopped)) {
        return;
      }
      if (pausedForNanos() > 0) {
        events.schedule(pausedForNanos(), () -> fire(timer, task));
        return;
      }
      log.record(id.value(), "timer " + timer);
      task.run();
    }
  }

  /** The engine's background work (sealing, compaction) of one incarnation, as the next events. */
  private final class NodeExecutor implements Executor {
    private final int owner;

    NodeExecutor(int owner) {
      this.owner = owner;
    }

    @Override
    public void execute(Runnable task) {
      events.schedule(pausedForNanos(), () -> runUnlessDead(task));
    }

    private void runUnlessDead(Runnable task) {
      if (incarnation != owner) {
        return;
      }
      if (pausedForNanos() > 0) {
        events.schedule(pausedForNanos(), () -> runUnlessDead(task));
      } else {
        task.run();
      }
    }
  }
}
