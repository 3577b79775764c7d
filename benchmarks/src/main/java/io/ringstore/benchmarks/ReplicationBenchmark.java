package io.ringstore.benchmarks;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.Coordinator;
import io.ringstore.core.coordinator.CoordinatorContext;
import io.ringstore.core.coordinator.CounterReservations;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.dispatch.NodeRequestHandler;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.replica.LocalReplicaTransport;
import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The replication path without the network: three nodes (N=3, R=2, W=2) wired as in production
 * (coordinator, node request handler, replica service, storage) over an in-memory transport that
 * queues every message and delivers it on the benchmark's thread, as one event loop would. What is
 * left out is measured elsewhere: frame encoding ({@link FrameCodecBenchmark}), the log engine's
 * append ({@link StoragePutBenchmark}; the replicas here keep versions in memory), sockets and
 * thread hand-offs (the cluster benchmark). Timers are scheduled and cancelled on a scheduler that
 * never fires them: every request completes before its deadline.
 *
 * <ul>
 *   <li>{@link #write}: a client put through node-0: plan, new version, fan-out to three replicas,
 *       three applies, acknowledgement counting, the answer.
 *   <li>{@link #read}: a client get through node-0 at R=2: two replica reads, reconciliation.
 *   <li>{@link #replicaApply}: one replica's apply of a replica put, as a peer sends it.
 * </ul>
 *
 * Run with {@code -prof gc} for the allocation per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.PRE_TOUCH})
@State(Scope.Thread)
public class ReplicationBenchmark {
  private static final int NODES = 3;
  private static final int KEYS = 1 << 12;
  private static final int VALUE_BYTES = 100;
  private static final int TIMEOUT_MILLIS = 2_000;

  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private final Map<NodeId, RequestHandler> handlers = new HashMap<>();
  private final byte[] value = new byte[VALUE_BYTES];
  private byte[][] keys;
  private VectorClock[] contexts;
  private NodeId coordinator;
  private ReplicaService replica;
  private long replicaCounter;
  private int next;
  private Response last;

  @Setup
  public void wire() {
    RingConfig config = RingConfig.defaults().withReplicationFactor(NODES);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      members.add(Member.of("node-" + i, "127.0.0." + (i + 1), 7000 + i));
    }
    Ring ring = Ring.of(config, members);
    for (Member member : members) {
      InMemoryStorageEngine engine =
          new InMemoryStorageEngine(config.partitioner(), StorageLimits.defaults());
      ReplicaService service = new ReplicaService(engine, Runnable::run);
      CoordinatorContext context =
          new CoordinatorContext(
              member.id(),
              () -> ring,
              new LocalReplicaTransport(member.id(), service, new QueuedTransport(member.id())),
              new SystemClock(),
              NEVER_FIRES,
              QuorumDefaults.defaults(),
              VectorClock.ENTRIES_MAX_DEFAULT,
              CounterReservations.inMemory(),
              CoordinatorContext.SIBLINGS_MAX_DEFAULT);
      handlers.put(
          member.id(), new NodeRequestHandler(new Coordinator(context), service, () -> ring));
      if (replica == null) {
        replica = service;
      }
    }
    coordinator = members.get(0).id();
    keys = new byte[KEYS][];
    contexts = new VectorClock[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = ("user" + i).getBytes(StandardCharsets.UTF_8);
      contexts[i] = VectorClock.empty();
      write(i);
    }
  }

  /**
   * A client put of a 100-byte value through node-0, from its request to its answer, with the
   * context its previous write of the key returned (a read-modify-write client: each write
   * supersedes the last).
   */
  @Benchmark
  public Response write() {
    return write(next++ & (KEYS - 1));
  }

  private Response write(int key) {
    Response response = call(put(keys[key], contexts[key]));
    if (response instanceof PutResponse put) {
      contexts[key] = put.version();
    }
    return response;
  }

  /** A client get at R=2 through node-0, from its request to its answer. */
  @Benchmark
  public Response read() {
    return call(new GetRequest(nextKey(), Consistency.nodeDefault(), TIMEOUT_MILLIS));
  }

  /** One replica storing a version a coordinator sent it. */
  @Benchmark
  public Response replicaApply() {
    VectorClock clock = VectorClock.empty().increment(coordinator, ++replicaCounter, 1);
    ReplicaPutRequest request =
        new ReplicaPutRequest(nextKey(), Versioned.of(clock, replicaCounter, value));
    replica.handle(request, response -> last = response);
    return last;
  }

  private byte[] nextKey() {
    return keys[next++ & (KEYS - 1)];
  }

  private PutRequest put(byte[] key, VectorClock context) {
    return new PutRequest(key, value, context, Consistency.nodeDefault(), TIMEOUT_MILLIS);
  }

  /** Sends a client request to node-0 and delivers messages until nothing is queued. */
  private Response call(Request request) {
    last = null;
    handlers.get(coordinator).handle(null, request, response -> last = response);
    Runnable task;
    while ((task = queue.poll()) != null) {
      task.run();
    }
    if (last == null) {
      throw new IllegalStateException("no answer to " + request + ": the wiring is broken");
    }
    return last;
  }

  /** Node-to-node messages: queued, then handled and answered on the benchmark's thread. */
  private final class QueuedTransport implements Transport {
    private final NodeId source;

    QueuedTransport(NodeId source) {
      this.source = source;
    }

    @Override
    public void send(NodeId destination, Request request, ResponseHandler handler) {
      RequestHandler target = handlers.get(destination);
      queue.add(
          () ->
              target.handle(
                  source, request, response -> queue.add(() -> handler.onResponse(response))));
    }
  }

  private static final Scheduler.Cancellable NOTHING = () -> {};
  private static final Scheduler NEVER_FIRES = (delayNanos, task) -> NOTHING;
}
