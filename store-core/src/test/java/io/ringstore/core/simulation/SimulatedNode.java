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
 * writes is the next step.
 *
 * <p>A node may also run a {@link SimulatedService}, started with each incarnation beside the
 * store's services.
 */
final class SimulatedNode {
  private final NodeId id;
  private final NodeClock clock;
  private final InMemoryStorageEngine storage;
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

  SimulatedNode(
      NodeId id,
      NodeClock clock,
      Ring ring,
      Simulator.Parts parts,
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
    this.storage = new InMemoryStorageEngine(ring.config().partitioner(), StorageLimits.defaults());
  }

  /** Builds fresh services over the same storage and starts a new incarnation. */
  void start(SimulatedNetwork network) {
    incarnation++;
    CoordinatorContext context =
        new CoordinatorContext(
            id,
            () -> ring,
            network.transport(id),
            clock,
            new NodeScheduler(incarnation),
            defaults,
            VectorClock.ENTRIES_MAX_DEFAULT,
            counterReservations);
    ReplicaService replica = new ReplicaService(storage, Runnable::run);
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
        new NodeScheduler(incarnation),
        line -> log.record(id.value(), line));
  }

  /** Ends this incarnation: no more deliveries, and its pending timers are dropped. */
  void crash() {
    handler = null;
    serviceEndpoint = null;
    incarnation++;
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
