package io.ringstore.core.simulation;

/**
 * A test-only service run on every simulated node, and the clients that use it: how a protocol that
 * has no wire messages yet (a linearizable register standing in for Paxos, say) runs under the
 * simulator's faults. Pass one to {@link Simulator#run(long, SimulationConfig, SimulatedService)}.
 *
 * <p>Its messages are plain objects that travel one way on the {@link SimulatedNetwork}, with the
 * same latency, loss, duplication, reordering and partitions as wire messages, but they are not
 * wire messages: they bypass the frame codec, and a node that is down drops them. A request and its
 * answer are two messages, matched by an id the service chooses; retries and duplicates are the
 * service's to handle. The service keeps its own history of what its clients saw.
 */
public interface SimulatedService {
  /** The service on one incarnation of {@code node}; asked again after every restart. */
  ServiceEndpoint start(ServiceNode node);

  /** Starts the clients; they call {@code done} once, after their last operation completes. */
  void startClients(ServiceClients clients, Runnable done);
}
