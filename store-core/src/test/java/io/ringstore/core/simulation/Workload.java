package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.simulation.Operation.Kind;
import io.ringstore.core.simulation.Operation.Outcome;
import io.ringstore.core.simulation.linearizability.RecordedOp;
import io.ringstore.core.simulation.linearizability.RegisterCommand;
import io.ringstore.core.simulation.linearizability.RegisterResponse;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ClientRequest;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DeleteRequest;
import io.ringstore.core.wire.DeleteResponse;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Clients issuing random puts, gets and deletes on a few keys through random coordinators, each
 * client one operation at a time with a random pause between, at explicit consistency. A client
 * writes with the clock it last saw for the key (sometimes with none, to make siblings), and gives
 * up on an operation after its own deadline: the outcome is then unknown. Every invocation and
 * completion goes to the event log and the {@link History}.
 */
final class Workload {
  private final Simulator.Parts parts;
  private final Transport transport;
  private final List<NodeId> nodes;
  private final WorkloadSettings settings;
  private final History history;
  private final Runnable onDone;
  private final List<Map<String, Context>> contexts = new ArrayList<>();
  private final List<Map<String, Versioned>> registerSeen = new ArrayList<>();
  private final LockClients lockClients;
  private final BankClients bankClients;
  private long issued;
  private int clientsDone;

  Workload(
      Simulator.Parts parts,
      Transport transport,
      List<NodeId> nodes,
      WorkloadSettings settings,
      History history,
      Runnable onDone) {
    this.parts = parts;
    this.transport = transport;
    this.nodes = List.copyOf(nodes);
    this.settings = settings;
    this.history = history;
    this.onDone = onDone;
    this.lockClients =
        new LockClients(
            parts,
            transport,
            nodes,
            settings.clientTimeoutMillis(),
            settings.locks(),
            history.locks());
    this.bankClients =
        new BankClients(
            parts,
            transport,
            nodes,
            settings.clientTimeoutMillis(),
            settings.bank(),
            history.bank());
  }

  /** Schedules every client's first operation. */
  void start() {
    for (int client = 0; client < settings.clients(); client++) {
      contexts.add(new HashMap<>());
      registerSeen.add(new HashMap<>());
      next(client);
    }
    for (int lockClient = 0; lockClient < settings.lockClients(); lockClient++) {
      nextSession(settings.clients() + lockClient, lockClients::session);
    }
    for (int bankClient = 0; bankClient < settings.bankClients(); bankClient++) {
      nextSession(settings.clients() + settings.lockClients() + bankClient, bankClients::session);
    }
  }

  /** A kind of client whose sessions each count as one operation (lock or bank sessions). */
  @FunctionalInterface
  private interface Sessions {
    void session(int client, long id, Runnable done);
  }

  /** After a think time, the next session of {@code client}, until the operations run out. */
  private void nextSession(int client, Sessions sessions) {
    if (issued >= settings.operations()) {
      clientDone();
      return;
    }
    long thinkNanos = random().nextInt(settings.thinkMillisMax() + 1) * 1_000_000L;
    parts
        .events()
        .schedule(
            thinkNanos,
            () -> sessions.session(client, ++issued, () -> nextSession(client, sessions)));
  }

  private void clientDone() {
    if (++clientsDone == settings.clients() + settings.lockClients() + settings.bankClients()) {
      onDone.run();
    }
  }

  /** Reads every key at R=ALL through {@code coordinator}, into the history's final reads. */
  void finalReads(NodeId coordinator) {
    for (String key : history.keys()) {
      Pending read =
          new Pending(++issued, -1, Kind.GET, key, null, history.replicationFactor(), coordinator);
      invoke(read, new GetRequest(bytes(key), Consistency.all(), 0), history::addFinalRead);
    }
    bankClients.finalReads(coordinator);
  }

  private void next(int client) {
    if (issued >= settings.operations()) {
      clientDone();
      return;
    }
    long thinkNanos = random().nextInt(settings.thinkMillisMax() + 1) * 1_000_000L;
    parts.events().schedule(thinkNanos, () -> issue(client));
  }

  private void issue(int client) {
    long id = ++issued;
    Random random = random();
    if (random.nextInt(100) < settings.registerPercent()) {
      issueRegister(client, id, random);
      return;
    }
    String key = history.keys().get(random.nextInt(history.keys().size()));
    NodeId coordinator = nodes.get(random.nextInt(nodes.size()));
    int dice = random.nextInt(100);
    Kind kind = dice < 50 ? Kind.PUT : dice < 85 ? Kind.GET : Kind.DELETE;
    boolean read = kind == Kind.GET;
    int required = read ? settings.readReplicas() : settings.writeReplicas();
    String value = kind == Kind.PUT ? "c" + client + "-" + id : null;
    Pending op = new Pending(id, client, kind, key, value, required, coordinator);
    Context context = read ? Context.NONE : writeContext(client, key);
    op.contextOpId = context.opId();
    invoke(op, request(op, context.clock()), done -> finish(client, done));
  }

  /** The name of register key {@code index}: keys only conditional operations touch. */
  static String registerKey(int index) {
    return "register-" + index;
  }

  /**
   * Issues a conditional write or serial read on a register key, built on what this client last saw
   * of the key, and records it for the linearizability checker as the compare-and-set register
   * command it is: put-if-absent swaps from empty, compare-and-set and put-if-version from the
   * value seen (every value is written once, so a version's clock and its value name each other).
   */
  private void issueRegister(int client, long id, Random random) {
    String key = registerKey(random.nextInt(settings.registerKeys()));
    NodeId coordinator = nodes.get(random.nextInt(nodes.size()));
    Versioned seen = registerSeen.get(client).get(key);
    boolean seenValue = seen != null && !seen.isTombstone();
    String value = "r" + client + "-" + id;
    byte[] keyBytes = bytes(key);
    int dice = random.nextInt(100);
    RegisterCommand command;
    ConditionalRequest request;
    if (dice < 25) {
      command = RegisterCommand.read();
      request = ConditionalRequest.serialRead(keyBytes, 0);
    } else if (dice < 45 || !seenValue) {
      command = RegisterCommand.cas(null, value);
      request = ConditionalRequest.putIfAbsent(keyBytes, bytes(value), id, 0);
    } else if (dice < 70) {
      command = RegisterCommand.cas(text(seen.value()), value);
      request = ConditionalRequest.compareAndSet(keyBytes, seen.value(), bytes(value), id, 0);
    } else {
      boolean delete = dice >= 90;
      command = RegisterCommand.cas(text(seen.value()), delete ? null : value);
      request =
          ConditionalRequest.ifVersion(keyBytes, seen.clock(), delete ? null : bytes(value), id, 0);
    }
    long invokeNanos = parts.events().nowNanos();
    log(
        "invoke register op "
            + id
            + " client "
            + client
            + " "
            + key
            + " "
            + command
            + " via "
            + coordinator);
    RegisterCall call = new RegisterCall(id, client, key, command, invokeNanos);
    call.deadline =
        parts
            .events()
            .schedule(
                settings.clientTimeoutMillis() * 1_000_000L,
                () -> call.complete(null, "client timed out"));
    transport.send(coordinator, request, call);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** One register operation in flight: the first of answer, failure and deadline wins. */
  private final class RegisterCall implements ResponseHandler {
    private final long id;
    private final int client;
    private final String key;
    private final RegisterCommand command;
    private final long invokeNanos;
    private EventQueue.Event deadline;
    private boolean done;

    RegisterCall(long id, int client, String key, RegisterCommand command, long invokeNanos) {
      this.id = id;
      this.client = client;
      this.key = key;
      this.command = command;
      this.invokeNanos = invokeNanos;
    }

    @Override
    public void onResponse(Response response) {
      complete(response, response.getClass().getSimpleName());
    }

    @Override
    public void onFailure(Throwable cause) {
      complete(null, "refused");
    }

    /**
     * Records the outcome: OK with the register's answer for a {@link ConditionalResponse}; any
     * error, failure or timeout is unknown (a write may have applied).
     */
    void complete(Response response, String what) {
      if (done) {
        log("late answer to register op " + id + " ignored");
        return;
      }
      done = true;
      deadline.cancel();
      long now = parts.events().nowNanos();
      RecordedOp<RegisterCommand, RegisterResponse> op;
      if (response instanceof ConditionalResponse answer) {
        RegisterResponse output =
            command instanceof RegisterCommand.Read
                ? RegisterResponse.value(text(answer.valueOrNull()))
                : RegisterResponse.swapped(answer.applied());
        op = new RecordedOp<>(id, client, key, command, output, Outcome.OK, invokeNanos, now);
        registerSeen.get(client).put(key, answer.currentOrNull());
      } else {
        op = new RecordedOp<>(id, client, key, command, null, Outcome.UNKNOWN, invokeNanos, now);
      }
      String current =
          response instanceof ConditionalResponse answer
              ? " current " + answer.currentOrNull()
              : "";
      log(
          "complete register op "
              + id
              + " "
              + op.outcome()
              + " "
              + what
              + " "
              + op.outputOrNull()
              + current);
      history.addRegisterOp(op);
      next(client);
    }
  }

  /**
   * The clock a write sends as its context, and the operation that gave it (-1 for none): the
   * checkers work out from the latter what the writer had seen.
   */
  private record Context(VectorClock clock, long opId) {
    static final Context NONE = new Context(VectorClock.empty(), -1);
  }

  private Context writeContext(int client, String key) {
    boolean blind = random().nextInt(100) < settings.blindWritePercent();
    return blind ? Context.NONE : contexts.get(client).getOrDefault(key, Context.NONE);
  }

  private static ClientRequest request(Pending op, VectorClock context) {
    Consistency consistency = Consistency.explicit(op.replicasRequired);
    byte[] key = bytes(op.key);
    return switch (op.kind) {
      case PUT -> new PutRequest(key, bytes(op.value), context, consistency, 0);
      case GET -> new GetRequest(key, consistency, 0);
      case DELETE -> new DeleteRequest(key, context, consistency, 0);
    };
  }

  private void invoke(Pending op, ClientRequest request, Consumer<Operation> then) {
    op.invokeNanos = parts.events().nowNanos();
    log("invoke " + op.describe());
    op.deadline =
        parts
            .events()
            .schedule(settings.clientTimeoutMillis() * 1_000_000L, () -> timeOut(op, then));
    transport.send(op.coordinator, request, new Answer(op, then));
  }

  private void timeOut(Pending op, Consumer<Operation> then) {
    log("time out op " + op.id);
    then.accept(op.complete(parts.events().nowNanos(), Outcome.UNKNOWN, null, List.of()));
  }

  private void finish(int client, Operation done) {
    history.add(done);
    if (done.outcome() == Outcome.OK) {
      remember(client, done);
    }
    next(client);
  }

  /** Keeps the clock the client last saw for the key, as a real client keeps its context. */
  private void remember(int client, Operation done) {
    VectorClock seen =
        done.kind() == Kind.GET ? Siblings.of(done.versions()).mergedClock() : done.clockOrNull();
    contexts.get(client).put(done.key(), new Context(seen, done.id()));
  }

  private Random random() {
    return parts.random();
  }

  private void log(String what) {
    parts.log().record("client", what);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The client's side of one operation: the first of answer, refusal and deadline wins. */
  private final class Answer implements ResponseHandler {
    private final Pending op;
    private final Consumer<Operation> then;

    Answer(Pending op, Consumer<Operation> then) {
      this.op = op;
      this.then = then;
    }

    @Override
    public void onResponse(Response response) {
      if (op.done) {
        log("late answer to op " + op.id + " ignored");
        return;
      }
      op.deadline.cancel();
      Operation done = completed(response);
      log(
          "complete op "
              + op.id
              + " "
              + done.outcome()
              + " "
              + response.getClass().getSimpleName());
      then.accept(done);
    }

    @Override
    public void onFailure(Throwable cause) {
      if (!op.done) {
        op.deadline.cancel();
        log("complete op " + op.id + " FAIL refused");
        then.accept(op.complete(parts.events().nowNanos(), Outcome.FAIL, null, List.of()));
      }
    }

    private Operation completed(Response response) {
      long now = parts.events().nowNanos();
      if (response instanceof PutResponse put) {
        return op.complete(now, Outcome.OK, put.version(), List.of());
      } else if (response instanceof DeleteResponse delete) {
        return op.complete(now, Outcome.OK, delete.version(), List.of());
      } else if (response instanceof GetResponse get) {
        return op.complete(now, Outcome.OK, null, List.of(get.versions()));
      }
      return op.complete(now, Outcome.FAIL, null, List.of());
    }
  }

  /** An operation in flight. */
  private static final class Pending {
    private final long id;
    private final int client;
    private final Kind kind;
    private final String key;
    private final String value;
    private final int replicasRequired;
    private final NodeId coordinator;
    private long invokeNanos;
    private long contextOpId = -1;
    private EventQueue.Event deadline;
    private boolean done;

    Pending(
        long id,
        int client,
        Kind kind,
        String key,
        String value,
        int replicasRequired,
        NodeId coordinator) {
      this.id = id;
      this.client = client;
      this.kind = kind;
      this.key = key;
      this.value = value;
      this.replicasRequired = replicasRequired;
      this.coordinator = coordinator;
    }

    Operation complete(
        long nowNanos, Outcome outcome, VectorClock clock, List<Versioned> versions) {
      if (done) {
        throw new IllegalStateException("op " + id + " completed twice");
      }
      done = true;
      return new Operation(
          id,
          client,
          kind,
          key,
          value,
          replicasRequired,
          coordinator.value(),
          invokeNanos,
          nowNanos,
          outcome,
          clock,
          versions,
          contextOpId);
    }

    String describe() {
      String written = value == null ? "" : "=" + value;
      return "op "
          + id
          + " "
          + kind
          + " "
          + key
          + written
          + " via "
          + coordinator
          + " x"
          + replicasRequired;
    }
  }
}
