package io.ringstore.core.simulation.register;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.simulation.Operation.Outcome;
import io.ringstore.core.simulation.ServiceClients;
import io.ringstore.core.simulation.ServiceOutbox;
import io.ringstore.core.simulation.linearizability.RecordedOp;
import io.ringstore.core.simulation.linearizability.RegisterCommand;
import io.ringstore.core.simulation.linearizability.RegisterResponse;
import io.ringstore.core.simulation.register.RegisterMessage.Command;
import io.ringstore.core.simulation.register.RegisterMessage.Reply;
import io.ringstore.core.time.Scheduler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Clients of the register: each issues random reads, writes and swaps on a few keys, one at a time,
 * through a random node. A client resends its command with the same request id to a random node
 * every {@link #RETRY_NANOS} until an answer arrives, and gives up at {@link #DEADLINE_NANOS}: the
 * outcome is then unknown. A swap expects the value the client last saw for the key. Every
 * operation goes to the history with its invocation and completion times.
 */
final class RegisterClients {
  static final long RETRY_NANOS = 50_000_000;
  static final long DEADLINE_NANOS = 3_000_000_000L;
  static final long THINK_NANOS_MAX = 20_000_000;

  private final ServiceClients sim;
  private final int operations;
  private final List<String> keys;
  private final List<RecordedOp<RegisterCommand, RegisterResponse>> history;
  private final Runnable done;
  private long issued;
  private long reserved;
  private int clientsDone;
  private int clients;

  RegisterClients(
      ServiceClients sim,
      int operations,
      List<String> keys,
      List<RecordedOp<RegisterCommand, RegisterResponse>> history,
      Runnable done) {
    this.sim = sim;
    this.operations = operations;
    this.keys = List.copyOf(keys);
    this.history = history;
    this.done = done;
  }

  void start(int count) {
    clients = count;
    for (int i = 0; i < count; i++) {
      new Client(i).next();
    }
  }

  private Random random() {
    return sim.random();
  }

  /** One client: one operation at a time. */
  private final class Client {
    private final int index;
    private final NodeId address;
    private final ServiceOutbox outbox;
    private final Map<String, String> lastSeen = new HashMap<>();
    private InFlight current;

    Client(int index) {
      this.index = index;
      this.address = NodeId.of("client-" + index);
      this.outbox = sim.connect(address, (from, message) -> onReply((Reply) message));
    }

    void next() {
      if (reserved >= operations) {
        if (++clientsDone == clients) {
          done.run();
        }
        return;
      }
      reserved++;
      sim.schedule(random().nextLong(THINK_NANOS_MAX + 1), this::issue);
    }

    private void issue() {
      long id = ++issued;
      String key = keys.get(random().nextInt(keys.size()));
      Command command = new Command(id, address, key, command(key, "c" + index + "-" + id));
      current = new InFlight(command, sim.nowNanos());
      sim.log("invoke op " + id + " " + command.command() + " on " + key);
      current.deadline = sim.schedule(DEADLINE_NANOS, () -> finish(Outcome.UNKNOWN, null));
      send();
    }

    private RegisterCommand command(String key, String fresh) {
      int dice = random().nextInt(100);
      return dice < 40
          ? RegisterCommand.read()
          : dice < 70
              ? RegisterCommand.write(fresh)
              : RegisterCommand.cas(lastSeen.get(key), fresh);
    }

    private void send() {
      NodeId node = sim.nodes().get(random().nextInt(sim.nodes().size()));
      outbox.send(node, current.command);
      current.retry = sim.schedule(RETRY_NANOS, this::send);
    }

    private void onReply(Reply reply) {
      if (current == null || current.command.requestId() != reply.requestId()) {
        sim.log("client " + index + " ignores late reply to op " + reply.requestId());
        return;
      }
      current.deadline.cancel();
      finish(Outcome.OK, reply.response());
    }

    private void finish(Outcome outcome, RegisterResponse answer) {
      InFlight op = current;
      current = null;
      op.retry.cancel();
      Command command = op.command;
      sim.log("complete op " + command.requestId() + " " + outcome + " " + answer);
      history.add(
          new RecordedOp<>(
              command.requestId(),
              index,
              command.key(),
              command.command(),
              answer,
              outcome,
              op.invokeNanos,
              sim.nowNanos()));
      remember(command, answer);
      next();
    }

    private void remember(Command command, RegisterResponse answer) {
      if (answer instanceof RegisterResponse.Value value) {
        lastSeen.put(command.key(), value.valueOrNull());
      } else if (command.command() instanceof RegisterCommand.Write write && answer != null) {
        lastSeen.put(command.key(), write.value());
      } else if (command.command() instanceof RegisterCommand.Cas cas
          && answer instanceof RegisterResponse.Swapped swapped
          && swapped.swapped()) {
        lastSeen.put(command.key(), cas.update());
      }
    }
  }

  /** The operation a client waits on. */
  private static final class InFlight {
    private final Command command;
    private final long invokeNanos;
    private Scheduler.Cancellable deadline;
    private Scheduler.Cancellable retry;

    InFlight(Command command, long invokeNanos) {
      this.command = command;
      this.invokeNanos = invokeNanos;
    }
  }
}
