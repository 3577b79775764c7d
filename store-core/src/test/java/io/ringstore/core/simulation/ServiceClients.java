package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.time.Scheduler;
import java.util.List;
import java.util.Random;

/**
 * What a {@link SimulatedService}'s clients get: the nodes, the run's one seeded random source,
 * simulated time and timers, and an address on the network per client. Clients are never
 * partitioned, as the store's own clients are not.
 */
public final class ServiceClients {
  private final Simulator.Parts parts;
  private final SimulatedNetwork network;
  private final List<NodeId> nodes;

  ServiceClients(Simulator.Parts parts, SimulatedNetwork network, List<NodeId> nodes) {
    this.parts = parts;
    this.network = network;
    this.nodes = List.copyOf(nodes);
  }

  public List<NodeId> nodes() {
    return nodes;
  }

  /** The run's seeded random source; draw from it only in event order. */
  public Random random() {
    return parts.random();
  }

  /** Simulated nanoseconds since the run started: the history's time. */
  public long nowNanos() {
    return parts.events().nowNanos();
  }

  /** Runs {@code task} after {@code delayNanos} of simulated time. */
  public Scheduler.Cancellable schedule(long delayNanos, Runnable task) {
    return parts.events().schedule(delayNanos, task)::cancel;
  }

  /** Gives a client the address {@code address} (not a node's); messages to it reach endpoint. */
  public ServiceOutbox connect(NodeId address, ServiceEndpoint endpoint) {
    network.addClient(address, endpoint);
    return (to, message) -> network.post(address, to, message);
  }

  /** One line in the event log, under "client". */
  public void log(String what) {
    parts.log().record("client", what);
  }
}
