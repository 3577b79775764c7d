package io.ringstore.core.simulation;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.Coordinator;
import io.ringstore.core.coordinator.CoordinatorContext;
import io.ringstore.core.coordinator.CounterReservations;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.dispatch.NodeRequestHandler;
import io.ringstore.core.membership.Membership;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.VectorClock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One node of the simulated cluster: the real services, built as {@code InMemoryCluster} builds
 * them, over this node's own clock and a scheduler view onto the simulator's queue.
 *
 * <p>Each {@link #start} begins a new incarnation. A {@link #crash} ends it: the network stops
 * delivering to it, answers addressed to it are dropped, and its pending timers never fire (they
 * check the incarnation that set them). The storage engine outlives a crash; the in-memory engine
 * keeps everything, so a crash here loses no data, only in-flight work. A disk that loses unsynced
 * writes is the next step. {@link #loseDisk} wipes the storage (and the coordinator's counter
 * reservations, which live on the same disk): the next incarnation starts empty.
 *
 * <p>Each incarnation runs the real {@link Membership} over the simulated network and this node's
 * scheduler, as {@code NodeAssembly} wires it: it starts knowing only itself, announces itself to
 * its seeds, and its coordinator routes on the ring membership computes. Membership is not durable,
 * so a restarted node relearns the cluster.
 */
final class SimulatedNode {
  /** Time between two membership exchange rounds: the production default. */
  static final long EXCHANGE_INTERVAL_MILLIS = Membership.EXCHANGE_INTERVAL_MILLIS_DEFAULT;

  private final Member self;
  private final NodeId id;
  private final NodeClock clock;
  private InMemoryStorageEngine storage;
  private CounterReservations counterReservations = CounterReservations.inMemory();
  private final RingConfig ringConfig;
  private final List<HostPort> seeds;
  private final QuorumDefaults defaults;
  private final EventQueue events;
  private final EventLog log;
  private final UnaryOperator<RequestHandler> decorator;
  private int incarnation;
  private RequestHandler handler;
  private Membership membership;
  private long timersSet;

  SimulatedNode(
      Member self,
      NodeClock clock,
      RingConfig ringConfig,
      List<HostPort> seeds,
      Simulator.Parts parts,
      UnaryOperator<RequestHandler> decorator) {
    this.self = self;
    this.id = self.id();
    this.clock = clock;
    this.ringConfig = ringConfig;
    this.seeds = List.copyOf(seeds);
    this.defaults = parts.defaults();
    this.events = parts.events();
    this.log = parts.log();
    this.decorator = decorator;
    this.storage = emptyStorage();
  }

  /** Builds fresh services over the same storage and starts a new incarnation. */
  void start(SimulatedNetwork network) {
    incarnation++;
    NodeScheduler scheduler = new NodeScheduler(incarnation);
    membership =
        new Membership(
            self,
            ringConfig,
            seeds,
            new Membership.Network(network.transport(id), network.seedTransport(id)),
            scheduler,
            EXCHANGE_INTERVAL_MILLIS);
    CoordinatorContext context =
        new CoordinatorContext(
            id,
            membership,
            network.transport(id),
            clock,
            scheduler,
            defaults,
            VectorClock.ENTRIES_MAX_DEFAULT,
            counterReservations);
    ReplicaService replica = new ReplicaService(storage, Runnable::run);
    handler =
        decorator.apply(
            new NodeRequestHandler(new Coordinator(context), replica, membership, membership));
    membership.start();
  }

  /** Ends this incarnation: no more deliveries, and its pending timers are dropped. */
  void crash() {
    membership.close();
    handler = null;
    incarnation++;
  }

  /** Wipes the storage of this stopped node; it restarts empty. */
  void loseDisk() {
    if (isUp()) {
      throw new IllegalStateException(id + " must be down to lose its disk");
    }
    storage = emptyStorage();
    counterReservations = CounterReservations.inMemory();
  }

  private InMemoryStorageEngine emptyStorage() {
    return new InMemoryStorageEngine(ringConfig.partitioner(), StorageLimits.defaults());
  }

  /** Stops membership rounds so the run can end; the node still serves. */
  void stopMembership() {
    if (membership != null) {
      membership.close();
    }
  }

  /** The ring this node routes on now. */
  Ring ring() {
    return membership.current();
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

  NodeClock clock() {
    return clock;
  }

  RequestHandler handler() {
    if (handler == null) {
      throw new IllegalStateException(id + " is down; the network must not deliver to it");
    }
    return handler;
  }

  InMemoryStorageEngine storage() {
    return storage;
  }

  /** Timers of one incarnation, measured on this node's clock, run as simulator events. */
  private final class NodeScheduler implements Scheduler {
    private final int owner;

    NodeScheduler(int owner) {
      this.owner = owner;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
      long timer = ++timersSet;
      EventQueue.Event event =
          events.schedule(clock.simulatedDelay(delayNanos), () -> fire(timer, task));
      return event::cancel;
    }

    private void fire(long timer, Runnable task) {
      if (incarnation != owner) {
        return;
      }
      log.record(id.value(), "timer " + timer);
      task.run();
    }
  }
}
