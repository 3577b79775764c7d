package io.ringstore.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.client.netty.Credentials;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.time.Clock;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.wire.ClientRequest;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.DeleteRequest;
import io.ringstore.core.wire.Fence;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.LockResponse;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.TransactionId;
import io.ringstore.core.wire.TransactionRequest;
import io.ringstore.core.wire.WireLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The ringstore client: reads, writes and deletes keys on a cluster, sending each request straight
 * to a replica of its key.
 *
 * <pre>{@code
 * try (RingstoreClient client =
 *     RingstoreClient.builder().seeds("10.0.0.1:7000", "10.0.0.2:7000").build()) {
 *   GetResult read = client.get(key);
 *   client.put(key, newValue, read.context());
 * }
 * }</pre>
 *
 * <p><b>Routing.</b> The client learns the ring from the seeds (and refreshes it periodically,
 * after a key's replicas were unreachable, and when a node answers with a newer ring epoch), keeps
 * one multiplexed connection per node, and sends each request to the first replica of the key's
 * preference list that it does not suspect; on a connection failure, a timeout or an overloaded
 * node it falls back to the next replica, all within the request's timeout. Attempts that leave
 * another replica to try are short, derived from recent latencies, so a node that stops answering
 * costs a request tens of milliseconds, not its timeout; after one timeout the node is suspected
 * and asked last until it answers a ping again. The replica that receives the request coordinates
 * it.
 *
 * <p><b>Versions.</b> Every read returns a {@link VersionContext}; a write that passes it
 * supersedes what was read. A write without one (a blind write) supersedes nothing, so if the key
 * had a value, both become siblings for the next reader to reconcile.
 *
 * <p><b>Threads.</b> Thread-safe; share one client. The async methods return futures completed on
 * the client's event loop: do not block in their callbacks (use the {@code ...Async} variants to
 * chain requests). The sync methods wait for the async ones. The event loops use native epoll when
 * {@code netty-transport-native-epoll} is on the class path (cheaper per message), Java NIO if not.
 *
 * <p><b>Pitfalls.</b> Keys and values are not copied: do not change an array after passing it. A
 * failed write may have been applied; read before retrying if duplicates matter. A write whose
 * first coordinator timed out is retried through another with the same context; if the first
 * applied it after all, the key holds the value twice, as two siblings (see {@code RoutedCall}).
 */
public final class RingstoreClient implements AutoCloseable {
  /** Longest timeout a request may have, as the wire allows. */
  public static final Duration TIMEOUT_MAX = Duration.ofMillis(WireLimits.TIMEOUT_MILLIS_MAX);

  /**
   * Extra wait of a sync call beyond its timeout, for the failure to arrive from the event loop.
   */
  static final Duration SYNC_WAIT_SLACK = Duration.ofSeconds(1);

  private final EventLoopGroup loops;
  private final ConnectionPool pool;
  private final RingRouter router;
  private final RoutedCall.Routing routing;
  private final NodeHealth health;
  private final Duration defaultTimeout;
  private final AtomicLong writeIds;

  private RingstoreClient(Builder builder) {
    boolean epoll = Epoll.isAvailable();
    this.loops =
        new MultiThreadIoEventLoopGroup(
            builder.ioThreadsOrDefault(),
            new DefaultThreadFactory("ringstore-client", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.pool =
        new ConnectionPool(
            loops,
            epoll ? EpollSocketChannel.class : NioSocketChannel.class,
            builder.connectionSettings());
    this.defaultTimeout = builder.defaultTimeoutOrDefault();
    RingSource source = builder.ringSourceOrSeeds(pool);
    Function<Endpoint, CompletionStage<Ring>> fetchFromNode =
        source instanceof SeedRingSource seeds ? seeds::fetchFrom : node -> source.fetch();
    this.router = new RingRouter(source, fetchFromNode, loops, builder.ringRefreshIntervalMillis());
    Clock clock = builder.clockOrDefault();
    this.health = new NodeHealth(clock, NodeHealth.PROBE_INTERVAL_MILLIS_DEFAULT);
    this.writeIds = new AtomicLong(mix(clock.wallMillis() * 1_000_003L ^ clock.monotonicNanos()));
    this.routing =
        new RoutedCall.Routing(
            pool,
            clock,
            health,
            new AttemptTimeouts(),
            new HealthProbes(pool, health, clock),
            router);
    router.start();
  }

  /** A builder with every setting at its default; {@link Builder#seeds} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads {@code key} at the default consistency and timeout. */
  public GetResult get(byte[] key) {
    return get(key, ReadOptions.defaults());
  }

  /** Reads {@code key}. */
  public GetResult get(byte[] key, ReadOptions options) {
    return await(getAsync(key, options), timeoutOf(options.timeout().orElse(null)));
  }

  /** Reads {@code key} at the default consistency and timeout, without blocking. */
  public CompletableFuture<GetResult> getAsync(byte[] key) {
    return getAsync(key, ReadOptions.defaults());
  }

  /** Reads {@code key} without blocking. */
  public CompletableFuture<GetResult> getAsync(byte[] key, ReadOptions options) {
    Objects.requireNonNull(options, "options");
    checkKey(key);
    return route(
        key,
        timeoutMillis -> new GetRequest(key, options.consistency(), timeoutMillis),
        ResponseMapping::get,
        options.timeout().orElse(null));
  }

  /** Writes {@code value} blindly: it supersedes nothing (see the class comment). */
  public PutResult put(byte[] key, byte[] value) {
    return put(key, value, VersionContext.empty());
  }

  /** Writes {@code value}, superseding the versions {@code context} was read from. */
  public PutResult put(byte[] key, byte[] value, VersionContext context) {
    return put(key, value, context, WriteOptions.defaults());
  }

  /** Writes {@code value}, superseding the versions {@code context} was read from. */
  public PutResult put(byte[] key, byte[] value, VersionContext context, WriteOptions options) {
    return await(putAsync(key, value, context, options), timeoutOf(options.timeout().orElse(null)));
  }

  /** Writes {@code value} blindly, without blocking. */
  public CompletableFuture<PutResult> putAsync(byte[] key, byte[] value) {
    return putAsync(key, value, VersionContext.empty());
  }

  /** Writes {@code value} over {@code context}, without blocking. */
  public CompletableFuture<PutResult> putAsync(byte[] key, byte[] value, VersionContext context) {
    return putAsync(key, value, context, WriteOptions.defaults());
  }

  /** Writes {@code value} over {@code context}, without blocking. */
  public CompletableFuture<PutResult> putAsync(
      byte[] key, byte[] value, VersionContext context, WriteOptions options) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(options, "options");
    checkKey(key);
    Objects.requireNonNull(value, "value");
    return route(
        key,
        timeoutMillis ->
            new PutRequest(key, value, context.clock(), options.consistency(), timeoutMillis),
        ResponseMapping::put,
        options.timeout().orElse(null));
  }

  /**
   * Deletes {@code key}: reads it, then writes a tombstone over what was read. Two round trips;
   * pass a context to {@link #delete(byte[], VersionContext)} to save one.
   */
  public DeleteResult delete(byte[] key) {
    return await(deleteAsync(key), defaultTimeout.multipliedBy(2));
  }

  /** Deletes the versions of {@code key} that {@code context} was read from. */
  public DeleteResult delete(byte[] key, VersionContext context) {
    return delete(key, context, WriteOptions.defaults());
  }

  /** Deletes the versions of {@code key} that {@code context} was read from. */
  public DeleteResult delete(byte[] key, VersionContext context, WriteOptions options) {
    return await(deleteAsync(key, context, options), timeoutOf(options.timeout().orElse(null)));
  }

  /** Reads {@code key}, then deletes what was read, without blocking. */
  public CompletableFuture<DeleteResult> deleteAsync(byte[] key) {
    return getAsync(key).thenCompose(read -> deleteAsync(key, read.context()));
  }

  /** Deletes the versions {@code context} was read from, without blocking. */
  public CompletableFuture<DeleteResult> deleteAsync(byte[] key, VersionContext context) {
    return deleteAsync(key, context, WriteOptions.defaults());
  }

  /** Deletes the versions {@code context} was read from, without blocking. */
  public CompletableFuture<DeleteResult> deleteAsync(
      byte[] key, VersionContext context, WriteOptions options) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(options, "options");
    checkKey(key);
    return route(
        key,
        timeoutMillis ->
            new DeleteRequest(key, context.clock(), options.consistency(), timeoutMillis),
        ResponseMapping::delete,
        options.timeout().orElse(null));
  }

  /**
   * Stores {@code value} only if {@code key} has no value (never written, or deleted):
   * linearizable, by a Paxos round among the key's replicas. A retry after a timeout is safe: it
   * carries the same write identity, and is answered as applied if the first attempt applied.
   */
  public ConditionalResult putIfAbsent(byte[] key, byte[] value) {
    Objects.requireNonNull(value, "value");
    return conditional(
        key, id -> ConditionalRequest.putIfAbsent(key, value, id.writeId(), id.timeoutMillis()));
  }

  /**
   * Stores {@code value} only if the key's current version is the one {@code context} names (a
   * serial read's or a conditional write's context): linearizable.
   */
  public ConditionalResult putIfVersion(byte[] key, byte[] value, VersionContext context) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(context, "context");
    return conditional(
        key,
        id ->
            ConditionalRequest.ifVersion(
                key, context.clock(), value, id.writeId(), id.timeoutMillis()));
  }

  /** Deletes {@code key} only if its current version is the one {@code context} names. */
  public ConditionalResult deleteIfVersion(byte[] key, VersionContext context) {
    Objects.requireNonNull(context, "context");
    return conditional(
        key,
        id ->
            ConditionalRequest.ifVersion(
                key, context.clock(), null, id.writeId(), id.timeoutMillis()));
  }

  /** Stores {@code value} only if the key's current value is {@code expected}, byte for byte. */
  public ConditionalResult compareAndSet(byte[] key, byte[] expected, byte[] value) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(value, "value");
    return conditional(
        key,
        id ->
            ConditionalRequest.compareAndSet(
                key, expected, value, id.writeId(), id.timeoutMillis()));
  }

  /**
   * Reads {@code key} linearizably (SERIAL): sees every conditional write that completed before it,
   * finishing one left in progress first. Plain writes are not ordered with it (see the README).
   */
  public ConditionalResult getSerial(byte[] key) {
    return conditional(key, id -> ConditionalRequest.serialRead(key, id.timeoutMillis()));
  }

  /**
   * Stores {@code value} unless a write to {@code key} guarded by the same lock carried a higher
   * fencing token than {@code fence}'s (a {@link Lease#fence()}): a holder whose lease ran out
   * cannot overwrite what a later holder wrote. Linearizable; not applied when refused.
   */
  public ConditionalResult putFenced(byte[] key, byte[] value, Fence fence) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(fence, "fence");
    return conditional(
        key, id -> ConditionalRequest.fenced(key, value, fence, id.writeId(), id.timeoutMillis()));
  }

  /** Deletes {@code key} as {@link #putFenced} writes: unless a later holder wrote it. */
  public ConditionalResult deleteFenced(byte[] key, Fence fence) {
    Objects.requireNonNull(fence, "fence");
    return conditional(
        key, id -> ConditionalRequest.fenced(key, null, fence, id.writeId(), id.timeoutMillis()));
  }

  /**
   * The lock named {@code name} (1 to {@link Fence#LOCK_NAME_BYTES_MAX} bytes of UTF-8): acquire it
   * for a lease, with a fencing token.
   */
  public DistributedLock lock(String name) {
    return new DistributedLock(this, name);
  }

  /** How many times {@link #transaction} runs a body whose commit conflicts, at most. */
  public static final int TRANSACTION_ATTEMPTS_MAX = 20;

  /** The longest pause between two attempts of a transaction, in milliseconds. */
  static final int TRANSACTION_BACKOFF_MILLIS_MAX = 100;

  /**
   * Begins a transaction over any keys on any nodes (see {@link Transaction}): read and write with
   * it, then {@link Transaction#commit}. A conflict is yours to retry; {@link #transaction} retries
   * for you.
   */
  public Transaction begin() {
    return begin(Math.max(1, routing.clock().wallMillis()));
  }

  /** A transaction whose age for wait-die is {@code priorityMillis} (its first attempt's time). */
  private Transaction begin(long priorityMillis) {
    return new Transaction(this, new TransactionId(nextWriteId(), nextWriteId()), priorityMillis);
  }

  /**
   * Runs {@code body} in a transaction and commits it, running it again (after a short random
   * pause) while the commit conflicts, up to {@link #TRANSACTION_ATTEMPTS_MAX} times, every attempt
   * as old as the first (so that, waiting where younger ones give up, it gets through); returns
   * what the committed run returned. Serializable: the committed run's reads were all current when
   * its writes applied. The body may run more than once, so it must not have effects outside the
   * transaction. An exception from the body ends the attempt without committing and is thrown.
   *
   * <p><b>Pitfalls.</b> A body written as a single method call ({@code tx -> tx.get(k)}) fits both
   * this and {@link #transaction(Transaction.Action)}: write it as a block ({@code tx -> { return
   * tx.get(k); }}) or give the parameter's type.
   *
   * @throws TransactionConflictException if every attempt conflicted
   * @throws RequestTimeoutException if an attempt's outcome is unknown (it may have committed)
   */
  public <T> T transaction(Transaction.Function<T> body) {
    Objects.requireNonNull(body, "body");
    TransactionConflictException last = null;
    long firstAttemptMillis = Math.max(1, routing.clock().wallMillis());
    for (int attempt = 1; attempt <= TRANSACTION_ATTEMPTS_MAX; attempt++) {
      Transaction transaction = begin(firstAttemptMillis);
      T result = body.apply(transaction);
      try {
        transaction.commit();
        return result;
      } catch (TransactionConflictException conflict) {
        last = conflict;
        pauseBeforeAttempt(attempt + 1);
      }
    }
    throw last;
  }

  /** Runs {@code body} as {@link #transaction(Transaction.Function)} does, returning nothing. */
  public void transaction(Transaction.Action body) {
    Objects.requireNonNull(body, "body");
    transaction(
        (Transaction.Function<Void>)
            transaction -> {
              body.accept(transaction);
              return null;
            });
  }

  /** A random pause before {@code attempt}, longer for later ones. */
  private void pauseBeforeAttempt(int attempt) {
    int capMillis = Math.min(TRANSACTION_BACKOFF_MILLIS_MAX, 1 << Math.min(attempt, 10));
    long pauseMillis = 1 + Math.floorMod(nextWriteId(), capMillis);
    CompletableFuture<Void> paused = new CompletableFuture<>();
    loops.schedule(() -> paused.complete(null), pauseMillis, TimeUnit.MILLISECONDS);
    paused.join();
  }

  /**
   * Commits a transaction's keys through the replicas of {@code routeKey}; waits for the answer.
   */
  void commit(
      byte[] routeKey, List<TransactionRequest.Key> keys, TransactionId id, long priorityMillis) {
    // checks the limits here, before anything is sent
    new TransactionRequest(id, keys, priorityMillis, 0);
    await(
        route(
            routeKey,
            timeoutMillis -> new TransactionRequest(id, keys, priorityMillis, timeoutMillis),
            ResponseMapping::transaction,
            null),
        defaultTimeout);
  }

  /** One lock request, routed to the replicas of the lock's record; waits for its answer. */
  LockResponse lockCall(String name, IntFunction<LockRequest> request, Duration timeout) {
    return await(lockCallAsync(name, request, timeout), timeout);
  }

  CompletableFuture<LockResponse> lockCallAsync(
      String name, IntFunction<LockRequest> request, Duration timeout) {
    return route(LockRequest.recordKey(name), request::apply, ResponseMapping::lock, timeout);
  }

  Clock clock() {
    return routing.clock();
  }

  ScheduledExecutorService scheduler() {
    return loops;
  }

  Duration defaultTimeout() {
    return defaultTimeout;
  }

  /**
   * A conditional request's write identity, the same in every attempt, and one attempt's timeout.
   */
  private record Attempt(long writeId, int timeoutMillis) {}

  private ConditionalResult conditional(byte[] key, Function<Attempt, ClientRequest> request) {
    checkKey(key);
    long writeId = nextWriteId();
    return await(
        route(
            key,
            timeoutMillis -> request.apply(new Attempt(writeId, timeoutMillis)),
            ResponseMapping::conditional,
            null),
        defaultTimeout);
  }

  /**
   * A write identity: unique per client and call (a mixed counter from a clock-drawn start), never
   * 0.
   */
  long nextWriteId() {
    long id = mix(writeIds.addAndGet(0x9E3779B97F4A7C15L));
    return id == 0 ? 1 : id;
  }

  /** Stafford's variant 13 of the SplitMix64 finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Learns the ring and opens an authenticated connection to each of its members, waiting at most
   * {@code timeout}; returns once every member answered a ping or failed to. Optional: a client
   * connects lazily. It moves the client's start out of the first requests' timeouts: learning the
   * ring and, with TLS and credentials, a handshake per node take a fresh JVM hundreds of
   * milliseconds, enough to time out a first request with the default two seconds. Members that are
   * down or slow do not fail it (requests route around them).
   *
   * @throws NoReachableNodeException if no seed gave the ring in time
   */
  public void connect(Duration timeout) {
    checkTimeout("timeout", timeout);
    CompletableFuture<Void> connected =
        router
            .ring()
            .thenCompose(
                ring ->
                    CompletableFuture.allOf(
                        ring.members().stream()
                            .map(member -> ping(RoutedCall.endpointOf(member), timeout))
                            .toArray(CompletableFuture[]::new)));
    try {
      connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException noRing) {
      throw noRing.getCause() instanceof NoReachableNodeException unreachable
          ? unreachable
          : new NoReachableNodeException("could not learn the ring: " + noRing.getCause());
    } catch (TimeoutException slow) {
      if (router.currentEpoch() < 0) {
        throw new NoReachableNodeException("no seed gave the ring within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RingstoreException("interrupted while connecting", e);
    }
  }

  /** Completes (never exceptionally) when {@code endpoint} answers a ping or fails to. */
  private CompletableFuture<Void> ping(Endpoint endpoint, Duration timeout) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    pool.send(
        endpoint,
        new Ping(routing.clock().monotonicNanos()),
        timeout.toMillis(),
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            answered.complete(null);
          }

          @Override
          public void onFailure(Throwable cause) {
            answered.complete(null);
          }
        });
    return answered;
  }

  /** Closes every connection and shuts down the client's event loops; waits for them briefly. */
  @Override
  public void close() {
    router.close();
    pool.close();
    loops.shutdownGracefully(0, SYNC_WAIT_SLACK.toMillis(), TimeUnit.MILLISECONDS);
    loops.terminationFuture().awaitUninterruptibly(SYNC_WAIT_SLACK.toMillis() * 2);
  }

  /** The epoch of the ring the client routes by, -1 before it knows one; tests only. */
  long ringEpoch() {
    return router.currentEpoch();
  }

  /** What the client believes of each node's health; tests only. */
  NodeHealth nodeHealth() {
    return health;
  }

  private <T> CompletableFuture<T> route(
      byte[] key,
      IntFunction<ClientRequest> request,
      ResponseMapping.Mapper<T> mapper,
      Duration timeout) {
    long deadlineNanos = routing.clock().monotonicNanos() + timeoutOf(timeout).toNanos();
    return router
        .ring()
        .exceptionally(
            failure -> {
              throw new NoReachableNodeException("the client knows no ring yet: " + failure);
            })
        .thenCompose(ring -> call(ring, key, request, mapper, deadlineNanos));
  }

  private <T> CompletableFuture<T> call(
      Ring ring,
      byte[] key,
      IntFunction<ClientRequest> request,
      ResponseMapping.Mapper<T> mapper,
      long deadlineNanos) {
    List<Member> replicas = ring.preferenceList(key).replicas();
    CompletableFuture<T> result =
        new RoutedCall<>(routing, replicas, request, mapper, deadlineNanos).start();
    result.whenComplete(
        (ok, failure) -> {
          if (failure instanceof NoReachableNodeException) {
            router.refresh();
          }
        });
    return result;
  }

  private Duration timeoutOf(Duration timeout) {
    return timeout != null ? timeout : defaultTimeout;
  }

  private static void checkKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length == 0 || key.length > WireLimits.KEY_BYTES_MAX) {
      throw new IllegalArgumentException(
          "key of " + key.length + " bytes must be 1 to " + WireLimits.KEY_BYTES_MAX + " bytes");
    }
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.plus(SYNC_WAIT_SLACK).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (TimeoutException e) {
      throw new RequestTimeoutException("no answer within " + timeout + "; retry later", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RingstoreException("interrupted while waiting for a response", e);
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      return rethrow(cause.getCause());
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new RingstoreException("the request failed: " + cause, cause);
  }

  static Duration checkTimeout(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(TIMEOUT_MAX) > 0) {
      throw new IllegalArgumentException(
          name + " must be positive and at most " + TIMEOUT_MAX + " but was " + timeout);
    }
    return timeout;
  }

  /**
   * Configures and builds a {@link RingstoreClient}. Every setter validates its argument at once,
   * naming it in the exception, and may be called only once.
   */
  public static final class Builder {
    /** Default timeout of a request, fallbacks included. */
    public static final Duration DEFAULT_TIMEOUT_DEFAULT = Duration.ofSeconds(2);

    /** Default ring refresh interval. */
    public static final Duration RING_REFRESH_INTERVAL_DEFAULT = Duration.ofSeconds(30);

    /** Shortest ring refresh interval accepted. */
    public static final Duration RING_REFRESH_INTERVAL_MIN = Duration.ofMillis(100);

    /** Longest ring refresh interval accepted. */
    public static final Duration RING_REFRESH_INTERVAL_MAX = Duration.ofHours(1);

    /** Default number of event-loop threads. */
    public static final int IO_THREADS_DEFAULT = 2;

    /** Most event-loop threads accepted. */
    public static final int IO_THREADS_MAX = 64;

    /** Most seeds accepted. */
    public static final int SEEDS_MAX = 64;

    private static final int PORT_MAX = 65_535;

    private List<Endpoint> seeds;
    private Duration defaultTimeout;
    private Duration connectTimeout;
    private Duration ringRefreshInterval;
    private Integer inFlightMaxPerNode;
    private Integer ioThreads;
    private SslContext ssl;
    private Credentials credentials;
    private RingSource ringSource;
    private Clock clock;

    private Builder() {}

    /**
     * The nodes the client first asks for the ring, as {@code host:port}; at least one, and more
     * for when some are down.
     */
    public Builder seeds(String... hostPorts) {
      requireNotSet("seeds", this.seeds);
      Objects.requireNonNull(hostPorts, "seeds");
      return seeds(Arrays.asList(hostPorts));
    }

    /** The seeds, as {@link #seeds(String...)}. */
    public Builder seeds(Collection<String> hostPorts) {
      requireNotSet("seeds", this.seeds);
      Objects.requireNonNull(hostPorts, "seeds");
      if (hostPorts.isEmpty() || hostPorts.size() > SEEDS_MAX) {
        throw new IllegalArgumentException(
            "seeds must name 1 to " + SEEDS_MAX + " nodes but named " + hostPorts.size());
      }
      List<Endpoint> parsed = new ArrayList<>(hostPorts.size());
      for (String hostPort : hostPorts) {
        parsed.add(parseSeed(hostPort));
      }
      this.seeds = List.copyOf(parsed);
      return this;
    }

    private static Endpoint parseSeed(String hostPort) {
      if (hostPort == null) {
        throw new IllegalArgumentException("seeds must not contain null");
      }
      int colon = hostPort.lastIndexOf(':');
      String host = colon > 0 ? hostPort.substring(0, colon) : "";
      int port = colon > 0 ? parsePort(hostPort.substring(colon + 1)) : -1;
      if (host.isBlank() || port < 1 || port > PORT_MAX) {
        throw new IllegalArgumentException(
            "seed '" + hostPort + "' is not host:port with a port of 1-65535, as 127.0.0.1:7000");
      }
      return new Endpoint("seed " + hostPort, host, port);
    }

    private static int parsePort(String port) {
      try {
        return Integer.parseInt(port);
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** How long a request may take, fallbacks to other replicas included; default 2 s. */
    public Builder defaultTimeout(Duration timeout) {
      requireNotSet("defaultTimeout", this.defaultTimeout);
      this.defaultTimeout = checkTimeout("defaultTimeout", timeout);
      return this;
    }

    /** How long opening a connection to a node may take; default 3 s. */
    public Builder connectTimeout(Duration timeout) {
      requireNotSet("connectTimeout", this.connectTimeout);
      Objects.requireNonNull(timeout, "connectTimeout");
      long max = ConnectionSettings.CONNECT_TIMEOUT_MILLIS_MAX;
      if (timeout.toMillis() < 1 || timeout.toMillis() > max) {
        throw new IllegalArgumentException(
            "connectTimeout must be 1 ms to " + max + " ms but was " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    /** How often the client refreshes the ring; default 30 s. */
    public Builder ringRefreshInterval(Duration interval) {
      requireNotSet("ringRefreshInterval", this.ringRefreshInterval);
      Objects.requireNonNull(interval, "ringRefreshInterval");
      if (interval.compareTo(RING_REFRESH_INTERVAL_MIN) < 0
          || interval.compareTo(RING_REFRESH_INTERVAL_MAX) > 0) {
        throw new IllegalArgumentException(
            "ringRefreshInterval must be "
                + RING_REFRESH_INTERVAL_MIN
                + " to "
                + RING_REFRESH_INTERVAL_MAX
                + " but was "
                + interval);
      }
      this.ringRefreshInterval = interval;
      return this;
    }

    /** Requests in flight to one node before more fail as overloaded; default 4096. */
    public Builder inFlightMaxPerNode(int max) {
      requireNotSet("inFlightMaxPerNode", this.inFlightMaxPerNode);
      if (max < 1 || max > ConnectionSettings.IN_FLIGHT_MAX_CEILING) {
        throw new IllegalArgumentException(
            "inFlightMaxPerNode must be 1 to "
                + ConnectionSettings.IN_FLIGHT_MAX_CEILING
                + " but was "
                + max);
      }
      this.inFlightMaxPerNode = max;
      return this;
    }

    /** Event-loop threads the client runs its connections on; default 2. */
    public Builder ioThreads(int threads) {
      requireNotSet("ioThreads", this.ioThreads);
      if (threads < 1 || threads > IO_THREADS_MAX) {
        throw new IllegalArgumentException(
            "ioThreads must be 1 to " + IO_THREADS_MAX + " but was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /**
     * Connects over TLS with {@code context}: a client context trusting the cluster's authority
     * (see {@link #tlsTrusting}), with this client's own certificate where nodes ask for one.
     */
    public Builder tls(SslContext context) {
      requireNotSet("tls", this.ssl);
      this.ssl = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Connects over TLS, trusting the authority whose certificates are in the PEM file {@code
     * caCertificates}.
     *
     * @throws IllegalArgumentException if the file holds no usable certificate
     */
    public Builder tlsTrusting(java.nio.file.Path caCertificates) {
      try {
        return tls(SslContextBuilder.forClient().trustManager(caCertificates.toFile()).build());
      } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot trust the certificates in " + caCertificates + ": " + e.getMessage(), e);
      }
    }

    /**
     * Authenticates every connection as {@code user} by proving {@code secret} (a challenge: the
     * secret is never sent), as nodes with client secrets require.
     */
    public Builder credentials(String user, byte[] secret) {
      requireNotSet("credentials", this.credentials);
      this.credentials = new Credentials(user, secret);
      return this;
    }

    /** Where the ring comes from, instead of the seeds: for tests, or a ring known elsewhere. */
    public Builder ringSource(RingSource source) {
      requireNotSet("ringSource", this.ringSource);
      this.ringSource = Objects.requireNonNull(source, "ringSource");
      return this;
    }

    /** The clock request deadlines are measured on; tests only. */
    Builder clock(Clock testClock) {
      requireNotSet("clock", this.clock);
      this.clock = Objects.requireNonNull(testClock, "clock");
      return this;
    }

    /**
     * A client with these settings. It starts learning the ring at once; requests made before it
     * knows the ring wait for it within their timeout.
     *
     * @throws IllegalStateException if neither seeds nor a ring source were set
     */
    public RingstoreClient build() {
      if (seeds == null && ringSource == null) {
        throw new IllegalStateException(
            "set seeds(\"host:port\", ...) (or a ringSource) before build()");
      }
      return new RingstoreClient(this);
    }

    private Duration defaultTimeoutOrDefault() {
      return defaultTimeout != null ? defaultTimeout : DEFAULT_TIMEOUT_DEFAULT;
    }

    private long ringRefreshIntervalMillis() {
      return (ringRefreshInterval != null ? ringRefreshInterval : RING_REFRESH_INTERVAL_DEFAULT)
          .toMillis();
    }

    private int ioThreadsOrDefault() {
      return ioThreads != null ? ioThreads : IO_THREADS_DEFAULT;
    }

    private Clock clockOrDefault() {
      return clock != null ? clock : SystemClock.INSTANCE;
    }

    private RingSource ringSourceOrSeeds(ConnectionPool pool) {
      if (ringSource != null) {
        return ringSource;
      }
      long timeoutMillis = defaultTimeoutOrDefault().toMillis();
      return new SeedRingSource(seeds, pool, Murmur3Partitioner.INSTANCE, timeoutMillis);
    }

    private ConnectionSettings connectionSettings() {
      ConnectionSettings settings = ConnectionSettings.defaults();
      if (connectTimeout != null) {
        settings = settings.withConnectTimeoutMillis((int) connectTimeout.toMillis());
      }
      if (inFlightMaxPerNode != null) {
        settings = settings.withInFlightMax(inFlightMaxPerNode);
      }
      return settings.withSsl(ssl).withCredentials(credentials);
    }

    private static void requireNotSet(String name, Object current) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }
  }
}
