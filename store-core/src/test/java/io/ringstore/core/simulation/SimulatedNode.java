package io.ringstore.core.simulation;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.Coordinator;
import io.ringstore.core.coordinator.CoordinatorContext;
import io.ringstore.core.coordinator.CounterReservations;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.dispatch.NodeRequestHandler;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.VectorClock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * One node of the simulated cluster: the real services, built as {@code InMemoryCluster} builds
 * them, over this node's own clock and a scheduler view onto the simulator's queue.
 *
 * <p>Each {@link #start} begins a new incarnation over a fresh storage engine that recovers from
 * the node's {@link SimulatedStorage}. A {@link #crash} ends it: the network stops delivering to
 * it, answers addressed to it are dropped, its pending timers and background work never run (they
 * check the incarnation that set them), and its disk keeps only what was forced. {@link #loseDisk}
 * replaces a down node's disk with an empty one. Coordinator counter reservations stay in memory
 * across both (a simplification: they only grow, so keeping them is the safe side).
 *
 * <p>A node may also run a {@link SimulatedService}, started with each incarnation beside the
 * store's services.
 */
final class SimulatedNode {
  private final NodeId id;
  private final NodeClock clock;
  private final SimulatedStorage storage;
  private final CounterReservations counterReservations = CounterReservations.inMemory();
  private final Ring ring;
  private final QuorumDefaults defaults;
  private final EventQueue events;
  private final EventLog log;
  private final UnaryOperator<RequestHandler> decorator;
  private final SimulatedService serviceOrNull;
  private int incarnation;
  private RequestHandler handler;
  private ServiceEndpoint serviceEndpoint;
  private long timersSet;
  private boolean storageTimersStopped;

  SimulatedNode(
      NodeId id,
      NodeClock clock,
      Ring ring,
      Simulator.Parts parts,
      SimulatedStorage storage,
      UnaryOperator<RequestHandler> decorator,
      SimulatedService serviceOrNull) {
    this.id = id;
    this.clock = clock;
    this.ring = ring;
    this.defaults = parts.defaults();
    this.events = parts.events();
    this.log = parts.log();
    this.decorator = decorator;
    this.serviceOrNull = serviceOrNull;
    this.storage = storage;
  }

  /** Opens a fresh engine over the node's disk, builds fresh services, starts an incarnation. */
  void start(SimulatedNetwork network) {
    if (isUp()) {
      throw new IllegalStateException(id + " is up; crash it before starting it again");
    }
    incarnation++;
    CoordinatorContext context =
        new CoordinatorContext(
            id,
            () -> ring,
            network.transport(id),
            clock,
            new NodeScheduler(incarnation, false),
            defaults,
            VectorClock.ENTRIES_MAX_DEFAULT,
            counterReservations);
    ReplicaService replica =
        new ReplicaService(
            storage.open(
                clock, new NodeScheduler(incarnation, true), new NodeExecutor(incarnation)),
            Runnable::run);
    handler =
        decorator.apply(new NodeRequestHandler(new Coordinator(context), replica, () -> ring));
    if (serviceOrNull != null) {
      serviceEndpoint = serviceOrNull.start(serviceNode(network));
    }
  }

  private ServiceNode serviceNode(SimulatedNetwork network) {
    List<NodeId> members = ring.members().stream().map(Member::id).sorted().toList();
    return new ServiceNode(
        id,
        members,
        (to, message) -> network.post(id, to, message),
        new NodeScheduler(incarnation, false),
        line -> log.record(id.value(), line));
  }

  /**
   * Ends this incarnation: no more deliveries, its pending timers and background work are dropped,
   * and the disk loses what was not forced.
   */
  void crash() {
    handler = null;
    serviceEndpoint = null;
    incarnation++;
    log.record(id.value(), "disk: " + storage.crash());
  }

  /** Replaces the disk of this down node with an empty one. */
  void loseDisk() {
    if (isUp()) {
      throw new IllegalStateException(id + " is up; a disk is lost only with its node down");
    }
    storage.wipe();
    log.record(id.value(), "disk lost; it restarts empty");
  }

  /**
   * The run is ending: the engine's periodic checks (compaction) stop rescheduling themselves, so
   * that the event queue drains once the final reads are done.
   */
  void stopStorageTimers() {
    storageTimersStopped = true;
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
      events.schedule(
          0,
          () -> {
            if (incarnation == owner) {
              task.run();
            }
          });
    }
  }
}
