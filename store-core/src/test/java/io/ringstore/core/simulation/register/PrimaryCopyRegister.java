package io.ringstore.core.simulation.register;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.simulation.ServiceEndpoint;
import io.ringstore.core.simulation.ServiceNode;
import io.ringstore.core.simulation.linearizability.RegisterCommand;
import io.ringstore.core.simulation.linearizability.RegisterCommand.Cas;
import io.ringstore.core.simulation.linearizability.RegisterCommand.Read;
import io.ringstore.core.simulation.linearizability.RegisterCommand.Write;
import io.ringstore.core.simulation.linearizability.RegisterResponse;
import io.ringstore.core.simulation.register.RegisterMessage.Command;
import io.ringstore.core.simulation.register.RegisterMessage.Replicate;
import io.ringstore.core.simulation.register.RegisterMessage.Replicated;
import io.ringstore.core.simulation.register.RegisterMessage.Reply;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A linearizable register with compare-and-set by primary copy (Alsberg and Day, 1976), as a
 * subject for the linearizability checker until Paxos arrives. The lowest node id is the primary,
 * for ever: no failover, so no election to get wrong.
 *
 * <p>The primary serializes every command: it applies a change to its copy at once (the change's
 * linearization point), sends it to every follower, retransmits until each acknowledges, and only
 * then answers the client. Reads are answered from the primary's copy, which is the truth. A
 * follower forwards commands to the primary and applies changes in sequence order per key, so a
 * reordered or duplicated old change never overwrites a newer one.
 *
 * <p>The network loses, duplicates and reorders, and clients retry with the same request id, so the
 * primary decides each command once: it keeps the answer per request id (in the durable {@link
 * RegisterCopy}) and replays it, or stays silent while that command still replicates. The {@link
 * Variant}s break one of these rules each.
 */
final class PrimaryCopyRegister implements ServiceEndpoint {
  /** How long the primary waits for a follower's acknowledgement before sending a change again. */
  static final long RETRANSMIT_NANOS = 20_000_000;

  private final ServiceNode node;
  private final Variant variant;
  private final RegisterCopy copy;
  private final NodeId primary;
  private final List<NodeId> followers;
  private final Map<Long, Replication> replicating = new TreeMap<>();
  private final Set<Long> requestsReplicating = new HashSet<>();
  private boolean retransmitScheduled;

  PrimaryCopyRegister(ServiceNode node, Variant variant, RegisterCopy copy) {
    this.node = node;
    this.variant = variant;
    this.copy = copy;
    this.primary = node.members().get(0);
    this.followers = node.members().subList(1, node.members().size());
  }

  @Override
  public void receive(NodeId from, Object message) {
    if (message instanceof Command command) {
      onCommand(command);
    } else if (message instanceof Replicate change) {
      onReplicate(from, change);
    } else if (message instanceof Replicated ack) {
      onReplicated(from, ack);
    } else {
      throw new IllegalArgumentException("not a register message: " + message);
    }
  }

  private void onCommand(Command command) {
    boolean read = command.command() instanceof Read;
    if (read && (isPrimary() || variant.followersServeReads)) {
      reply(command, RegisterResponse.value(copy.values.get(command.key())));
    } else if (!isPrimary()) {
      node.outbox().send(primary, command);
    } else if (variant.deduplicate && copy.answers.containsKey(command.requestId())) {
      replayAnswer(command);
    } else {
      decide(command);
    }
  }

  private void replayAnswer(Command command) {
    if (!requestsReplicating.contains(command.requestId())) {
      reply(command, copy.answers.get(command.requestId()));
    }
  }

  /** Applies a write or swap on the primary: its linearization point. */
  private void decide(Command command) {
    String current = copy.values.get(command.key());
    RegisterCommand asked = command.command();
    if (asked instanceof Cas cas && !Objects.equals(current, cas.expected())) {
      copy.remember(command.requestId(), RegisterResponse.swapped(false));
      reply(command, RegisterResponse.swapped(false));
      return;
    }
    String next = asked instanceof Write write ? write.value() : ((Cas) asked).update();
    RegisterResponse answer =
        asked instanceof Write ? RegisterResponse.written() : RegisterResponse.swapped(true);
    copy.values.put(command.key(), next);
    copy.remember(command.requestId(), answer);
    Replicate change = new Replicate(++copy.sequence, command.key(), next);
    if (variant.acknowledgeBeforeReplication) {
      reply(command, answer);
    }
    replicate(command, change);
  }

  private void replicate(Command command, Replicate change) {
    replicating.put(change.sequence(), new Replication(command, change, new TreeSet<>(followers)));
    requestsReplicating.add(command.requestId());
    followers.forEach(follower -> node.outbox().send(follower, change));
    scheduleRetransmit();
  }

  private void onReplicated(NodeId follower, Replicated ack) {
    Replication replication = replicating.get(ack.sequence());
    if (replication == null || !replication.waitingFor.remove(follower)) {
      return;
    }
    if (replication.waitingFor.isEmpty()) {
      replicating.remove(ack.sequence());
      Command command = replication.command;
      requestsReplicating.remove(command.requestId());
      if (!variant.acknowledgeBeforeReplication) {
        reply(command, copy.answers.get(command.requestId()));
      }
    }
  }

  /** A follower applies changes of a key in sequence order, and acknowledges every copy. */
  private void onReplicate(NodeId from, Replicate change) {
    long applied = copy.appliedSequence.getOrDefault(change.key(), 0L);
    if (change.sequence() > applied) {
      copy.values.put(change.key(), change.value());
      copy.appliedSequence.put(change.key(), change.sequence());
    }
    node.outbox().send(from, new Replicated(change.sequence()));
  }

  private void scheduleRetransmit() {
    if (!retransmitScheduled) {
      retransmitScheduled = true;
      node.scheduler().schedule(RETRANSMIT_NANOS, this::retransmit);
    }
  }

  private void retransmit() {
    retransmitScheduled = false;
    for (Replication replication : replicating.values()) {
      replication.waitingFor.forEach(follower -> node.outbox().send(follower, replication.change));
    }
    if (!replicating.isEmpty()) {
      scheduleRetransmit();
    }
  }

  private void reply(Command command, RegisterResponse answer) {
    node.outbox().send(command.client(), new Reply(command.requestId(), answer));
  }

  private boolean isPrimary() {
    return node.id().equals(primary);
  }

  /** A change on its way to the followers, and the command that made it. */
  private record Replication(Command command, Replicate change, Set<NodeId> waitingFor) {}
}
