package io.ringstore.core.simulation.register;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.simulation.ServiceClients;
import io.ringstore.core.simulation.ServiceEndpoint;
import io.ringstore.core.simulation.ServiceNode;
import io.ringstore.core.simulation.SimulatedService;
import io.ringstore.core.simulation.linearizability.RecordedOp;
import io.ringstore.core.simulation.linearizability.RegisterCommand;
import io.ringstore.core.simulation.linearizability.RegisterResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link PrimaryCopyRegister} as a {@link SimulatedService}: one register per node, each over a
 * {@link RegisterCopy} that survives the node's crashes, and {@link RegisterClients} recording the
 * history. One instance serves one run.
 */
public final class PrimaryCopyRegisterService implements SimulatedService {
  /** Clients running at once. */
  static final int CLIENTS = 3;

  /** Operations issued in all, across clients. */
  static final int OPERATIONS = 200;

  /** Keys: few, so operations collide. */
  static final List<String> KEYS = List.of("key-0", "key-1", "key-2");

  private final Variant variant;
  private final Map<NodeId, RegisterCopy> copies = new HashMap<>();
  private final List<RecordedOp<RegisterCommand, RegisterResponse>> history = new ArrayList<>();

  public PrimaryCopyRegisterService(Variant variant) {
    this.variant = variant;
  }

  @Override
  public ServiceEndpoint start(ServiceNode node) {
    RegisterCopy copy = copies.computeIfAbsent(node.id(), id -> new RegisterCopy());
    return new PrimaryCopyRegister(node, variant, copy);
  }

  @Override
  public void startClients(ServiceClients clients, Runnable done) {
    new RegisterClients(clients, OPERATIONS, KEYS, history, done).start(CLIENTS);
  }

  /** What the clients saw, in completion order. */
  public List<RecordedOp<RegisterCommand, RegisterResponse>> history() {
    return List.copyOf(history);
  }
}
