package io.ringstore.node;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.client.netty.Credentials;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.ConditionalSettings;
import io.ringstore.core.coordinator.Coordinator;
import io.ringstore.core.coordinator.CoordinatorContext;
import io.ringstore.core.coordinator.IntentSweeper;
import io.ringstore.core.coordinator.ReadRepair;
import io.ringstore.core.dispatch.NodeRequestHandler;
import io.ringstore.core.hints.HintReplayer;
import io.ringstore.core.hints.HintStore;
import io.ringstore.core.membership.GossipMembership;
import io.ringstore.core.membership.GossipSettings;
import io.ringstore.core.membership.ObservedTransport;
import io.ringstore.core.membership.PeerEvidence;
import io.ringstore.core.membership.SeedTransport;
import io.ringstore.core.movement.PaxosHandover;
import io.ringstore.core.movement.RangeMovements;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.repair.AntiEntropyReplica;
import io.ringstore.core.repair.RepairEndpoint;
import io.ringstore.core.replica.AcceptorStates;
import io.ringstore.core.replica.LocalReplicaTransport;
import io.ringstore.core.replica.PaxosAcceptor;
import io.ringstore.core.replica.PaxosStore;
import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.storage.log.FsyncPolicy;
import io.ringstore.core.storage.log.LogStorageEngine;
import io.ringstore.core.storage.log.LogStorageOptions;
import io.ringstore.core.storage.log.StorageEnvironment;
import io.ringstore.core.storage.log.StorageStats;
import io.ringstore.core.time.Clock;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.NodeInfoResponse;
import io.ringstore.core.wire.PeerHello;
import io.ringstore.core.wire.WireLimits;
import io.ringstore.node.admin.AdminServer;
import io.ringstore.node.admin.NodeHealth;
import io.ringstore.node.admin.NodeInfo;
import io.ringstore.node.admin.NodeMetrics;
import io.ringstore.node.config.NodeConfig;
import io.ringstore.node.config.NodeSecurity;
import io.ringstore.node.net.Authenticator;
import io.ringstore.node.net.NettyServer;
import io.ringstore.node.net.NettyTransport;
import io.ringstore.node.net.NodeEventLoops;
import io.ringstore.node.net.Refusals;
import io.ringstore.node.net.ServerLimits;
import io.ringstore.node.net.TlsContexts;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one composition root: builds every part of a running node by constructors, in
 * dependency order, and closes them in reverse. Nothing else in the node creates threads, sockets
 * or files.
 *
 * <pre>
 *   NodeMetrics (JMX) and the AdminServer (/metrics, /health, /ring: recovering until ready)
 *   event loops, scheduler thread, background thread, group commit thread
 *   LogStorageEngine (data dir, fsync policy)   -> ReplicaService (on the event loops; writes
 *                                                  answered by the group commit thread)
 *   NettyServer (host:port) serving a StartupGate until the services below are ready
 *   ConnectionPool greeting with PeerHello      -> NettyTransport (ring from membership)
 *     -> ObservedTransport (request evidence, in-flight bound per node)
 *   GossipMembership (seeds, gossip rounds, phi-accrual, FileMembershipStore in the data dir)
 *                                               -> ring and node states of the Coordinator
 *   Coordinator (request timers on the event loops; its own replica by a method call,
 *     LocalReplicaTransport, the others through the ObservedTransport)
 *     -> NodeRequestHandler -> [decorators]
 *     -> gate opens -> membership starts
 * </pre>
 *
 * <p>The decorators are where tests inject faults ({@code handler -> dropping(handler)}), the one
 * declarative place where the served handler is wrapped; production passes the identity.
 *
 * <p><b>Bounds.</b> Storage calls run on the event loops, and a write that waits for its fsync
 * holds no thread (see {@link ReplicaService}); one {@code ringstore-group-commit} thread forces
 * the log for them. Peer requests wait at most {@link NettyTransport#PENDING_MILLIS_MAX_DEFAULT}
 * for an answer.
 */
public final class NodeAssembly implements AutoCloseable {
  /**
   * Network event loop threads. Few on purpose: each serves many connections, batches its reads and
   * flushes per loop turn, and on a small machine every extra loop is one more thread to wake per
   * message (measured: see README, "Performance").
   */
  public static final int IO_THREADS = 1;

  /** How long {@link #close} waits for each executor to finish its work. */
  public static final long SHUTDOWN_WAIT_MILLIS = 5_000;

  /** Where under the data directory the hint store keeps its engine's files. */
  public static final String HINTS_DIRECTORY = "hints";

  /** Where under the data directory the Paxos acceptor keeps its engine's files. */
  public static final String PAXOS_DIRECTORY = "paxos";

  /** A hint's bytes beyond its key and value: the owner's id and the version's clock. */
  private static final int HINT_OVERHEAD_BYTES = 64 * 1024;

  /** How long a delivered hint's tombstone stays before compaction may drop it. */
  private static final long HINT_TOMBSTONE_GRACE_MILLIS = 60_000;

  /** Anti-entropy steps waiting for its thread, at most: a few runs' and peers' at once. */
  private static final int ANTI_ENTROPY_QUEUE_MAX = 64;

  private static final Logger LOG = LoggerFactory.getLogger(NodeAssembly.class);
  private static final Logger MEMBERSHIP_LOG = LoggerFactory.getLogger(GossipMembership.class);

  private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();
  private final Member self;
  private volatile GossipMembership membership;
  private volatile Coordinator coordinator;
  private volatile HintStore hints;
  private volatile boolean storageOpen;
  private final NettyServer server;
  private final AdminServer admin;

  /**
   * Builds and starts a node; on failure closes what was already started and rethrows.
   *
   * @param decorators wraps the node's request handler before the server serves it
   */
  public NodeAssembly(NodeConfig config, Clock clock, UnaryOperator<RequestHandler> decorators) {
    long assemblyStartNanos = clock.monotonicNanos();
    long jvmUptimeMillisAtStart = ManagementFactory.getRuntimeMXBean().getUptime();
    try {
      NodeMetrics metrics = new NodeMetrics(clock);
      own(metrics.publishOverJmx(config.nodeId()));
      this.admin =
          own(
              AdminServer.start(
                  config.adminHost(),
                  config.adminPort(),
                  metrics.registry(),
                  this::health,
                  this::currentRing));
      NodeEventLoops loops = own(NodeEventLoops.create(IO_THREADS));
      ScheduledExecutorService timer = ownExecutor(timerExecutor());
      ExecutorScheduler scheduler = new ExecutorScheduler(timer);
      ExecutorService background =
          ownExecutor(Executors.newSingleThreadExecutor(threads("ringstore-background")));
      ExecutorService syncer =
          ownExecutor(Executors.newSingleThreadExecutor(threads("ringstore-group-commit")));
      long storageOpeningNanos = clock.monotonicNanos();
      LogStorageEngine storage =
          openStorage(config, new StorageEnvironment(clock, scheduler, background, syncer));
      long storageOpenedNanos = clock.monotonicNanos();
      storageOpen = true;
      metrics.storage(storage.stats(), config.dataDir());
      this.hints =
          openHints(config, new StorageEnvironment(clock, scheduler, background, syncer), clock);
      metrics.hints(hints, clock);
      PaxosAcceptor acceptor =
          new PaxosAcceptor(
              openPaxosStore(
                  config, new StorageEnvironment(clock, scheduler, background, syncer), clock),
              storage);
      ReplicaService replica = new ReplicaService(storage, Runnable::run, hints, acceptor);
      StartupGate gate = new StartupGate();
      this.server =
          own(
              NettyServer.start(
                  config.nodeId(),
                  config.host(),
                  config.port(),
                  gate,
                  serverOptions(config.security(), new Refusals(clock, metrics.registry())),
                  loops));
      this.self = config.member(server.port());
      metrics.connections(server::connectionCount);
      ConnectionPool pool =
          new ConnectionPool(
              loops.workers(),
              loops.channelType(),
              peerConnections(config.security()).withLocalHost(config.host()),
              new PeerHello(self.id()));
      NettyTransport netty =
          own(
              new NettyTransport(
                  self.id(),
                  this::member,
                  gate,
                  pool,
                  loops.workers(),
                  NettyTransport.PENDING_MILLIS_MAX_DEFAULT));
      RingConfig ringConfig =
          RingConfig.defaults().withReplicationFactor(config.replicationFactor());
      GossipSettings gossip = GossipSettings.defaults();
      PeerEvidence evidence = new PeerEvidence(MILLISECONDS.toNanos(gossip.silentAfterMillis()));
      Transport transport =
          new ObservedTransport(
              self.id(),
              metrics.sent(netty),
              evidence,
              clock,
              ObservedTransport.IN_FLIGHT_MAX_PER_NODE_DEFAULT);
      this.membership =
          own(
              new GossipMembership(
                  self,
                  ringConfig,
                  config.seeds(),
                  gossip,
                  new GossipMembership.Parts(
                      transport,
                      seedTransport(pool),
                      scheduler,
                      clock,
                      new Random(clock.monotonicNanos() ^ self.id().hashCode()),
                      new FileMembershipStore(config.dataDir()),
                      evidence,
                      MEMBERSHIP_LOG::info)));
      CoordinatorContext context =
          new CoordinatorContext(
              self.id(),
              membership,
              new LocalReplicaTransport(self.id(), replica, transport),
              clock,
              requestTimers(loops),
              config.quorum(),
              VectorClock.ENTRIES_MAX_DEFAULT,
              new FileCounterReservations(config.dataDir()),
              config.siblingsMax());
      metrics.peers(self.id(), membership);
      NodeInfo info =
          new NodeInfo(
              new NodeInfo.Sources(
                  self,
                  membership,
                  settingsOf(config),
                  metrics,
                  admin.url(),
                  this::health,
                  clock,
                  assemblyStartNanos,
                  hints::backlogs));
      this.coordinator =
          new Coordinator(
              context,
              ReadRepair.MISSING_VERSIONS,
              ReadRepair.Chance.of(
                  config.readRepairChance(),
                  new Random(clock.monotonicNanos() * 31 ^ self.id().hashCode())),
              config.handoff());
      coordinator.withConditionalSettings(
          ConditionalSettings.sound(
              new Random(clock.monotonicNanos() * 17 ^ self.id().hashCode())));
      metrics.reads(coordinator.stats());
      ExecutorService repairWork = ownExecutor(antiEntropyExecutor());
      AntiEntropy antiEntropy =
          new AntiEntropy(
              self.id(),
              storage,
              transport,
              membership,
              scheduler,
              clock,
              repairWork,
              config.antiEntropy());
      metrics.repair(antiEntropy::status);
      AcceptorStates paxosStates = new AcceptorStates(acceptor, repairWork);
      RangeMovements movements =
          new RangeMovements(
              self.id(),
              membership,
              antiEntropy,
              new PaxosHandover(
                  paxosStates,
                  transport,
                  scheduler,
                  repairWork,
                  MILLISECONDS.toNanos(config.antiEntropy().timeoutMillis())),
              scheduler,
              clock,
              MEMBERSHIP_LOG::info);
      RepairEndpoint repair =
          new RepairEndpoint(
              new AntiEntropyReplica(storage, repairWork, config.antiEntropy().keysPerLeaf()),
              paxosStates,
              antiEntropy,
              movements::decommission,
              membership::remove);
      RequestHandler handler =
          metrics.served(
              new NodeRequestHandler(coordinator, replica, membership, membership, info, repair));
      gate.open(decorators.apply(handler));
      membership.start();
      HintReplayer replayer =
          new HintReplayer(
              hints, transport, membership::states, scheduler, HintReplayer.Settings.DEFAULTS);
      own(replayer::close);
      replayer.start();
      own(antiEntropy::close);
      antiEntropy.start();
      own(movements::close);
      movements.start();
      IntentSweeper sweeper = coordinator.intentSweeper(acceptor::intents);
      own(sweeper::close);
      sweeper.start();
      LOG.info(
          "node {} serving on {}:{} (admin {}, data {}, fsync {}, N={} R={} W={}, seeds {})",
          self.id(),
          self.host(),
          self.port(),
          admin.url(),
          config.dataDir(),
          config.fsync(),
          config.replicationFactor(),
          config.quorum().readReplicas(),
          config.quorum().writeReplicas(),
          config.seeds());
      LOG.info(
          "started {} ms after the JVM did: JVM and configuration {} ms, metrics, admin endpoint"
              + " and event loops {} ms, storage recovery {} ms, network and membership {} ms",
          ManagementFactory.getRuntimeMXBean().getUptime(),
          jvmUptimeMillisAtStart,
          NANOSECONDS.toMillis(storageOpeningNanos - assemblyStartNanos),
          NANOSECONDS.toMillis(storageOpenedNanos - storageOpeningNanos),
          NANOSECONDS.toMillis(clock.monotonicNanos() - storageOpenedNanos));
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** How the server guards its port: limits, refusals, TLS and credentials as configured. */
  private static NettyServer.Options serverOptions(NodeSecurity security, Refusals refusals) {
    NettyServer.Options options =
        new NettyServer.Options(
            FrameLimits.defaults(), ServerLimits.defaults(), refusals, null, null);
    if (security.tls()) {
      options = options.withSsl(TlsContexts.server(security));
    }
    if (security.authenticates()) {
      options =
          options.withAuthenticator(
              new Authenticator(security.clientSecrets(), security.clusterSecret()));
    }
    return options;
  }

  /** How this node connects to the others: with its certificate and the cluster secret, if set. */
  private static ConnectionSettings peerConnections(NodeSecurity security) {
    ConnectionSettings settings = ConnectionSettings.defaults();
    if (security.tls()) {
      settings = settings.withSsl(TlsContexts.peerClient(security));
    }
    if (security.clusterSecret() != null) {
      settings =
          settings.withCredentials(new Credentials(Credentials.NODE, security.clusterSecret()));
    }
    return settings;
  }

  /** The configuration a node reports in its info. */
  private static List<NodeInfoResponse.Field> settingsOf(NodeConfig config) {
    return List.of(
        new NodeInfoResponse.Field("zone", config.zone()),
        new NodeInfoResponse.Field(
            "replication",
            String.format(
                Locale.ROOT,
                "N=%d R=%d W=%d",
                config.replicationFactor(),
                config.quorum().readReplicas(),
                config.quorum().writeReplicas())),
        new NodeInfoResponse.Field("fsync", config.fsync().name().toLowerCase(Locale.ROOT)),
        new NodeInfoResponse.Field("read_repair_chance", String.valueOf(config.readRepairChance())),
        new NodeInfoResponse.Field(
            "hinted_handoff", config.handoff().name().toLowerCase(Locale.ROOT)),
        new NodeInfoResponse.Field("tls", config.security().tls() ? "on" : "off"),
        new NodeInfoResponse.Field(
            "authentication", config.security().authenticates() ? "required" : "off"),
        new NodeInfoResponse.Field("data_dir", config.dataDir().toAbsolutePath().toString()));
  }

  /**
   * The hints this node holds for others, in their own engine under {@code <data-dir>/hints}: the
   * data's fsync policy, values up to a whole replica write, tombstones of delivered hints kept a
   * minute before compaction may drop them.
   */
  private HintStore openHints(NodeConfig config, StorageEnvironment environment, Clock clock) {
    LogStorageOptions options =
        LogStorageOptions.defaults(config.dataDir().resolve(HINTS_DIRECTORY))
            .withFsyncPolicy(config.fsync())
            .withLimits(
                new StorageLimits(
                    StorageLimits.KEY_BYTES_MAX_DEFAULT,
                    WireLimits.VALUE_BYTES_MAX + WireLimits.KEY_BYTES_MAX + HINT_OVERHEAD_BYTES))
            .withTombstoneGraceMillis(HINT_TOMBSTONE_GRACE_MILLIS);
    LogStorageEngine engine = own(LogStorageEngine.open(options, environment));
    engine.recoveryReport().messages().forEach(message -> LOG.info("hints recovery: {}", message));
    HintStore hints = HintStore.open(engine, config.nodeId(), clock, HintStore.Limits.DEFAULTS);
    if (hints.size() > 0) {
      LOG.info("holding {} hints for {}", hints.size(), hints.owners());
    }
    return hints;
  }

  /**
   * The Paxos acceptor's state, in its own engine under {@code <data-dir>/paxos}, forced before
   * each answer whatever the data's fsync policy: an acceptor that forgets a promise or an accept
   * in a power failure can let a chosen value be lost, which no later repair undoes.
   */
  private PaxosStore openPaxosStore(
      NodeConfig config, StorageEnvironment environment, Clock clock) {
    LogStorageOptions options =
        LogStorageOptions.defaults(config.dataDir().resolve(PAXOS_DIRECTORY))
            .withFsyncPolicy(FsyncPolicy.ALWAYS)
            .withLimits(
                new StorageLimits(
                    StorageLimits.KEY_BYTES_MAX_DEFAULT,
                    WireLimits.VALUE_BYTES_MAX + HINT_OVERHEAD_BYTES));
    LogStorageEngine engine = own(LogStorageEngine.open(options, environment));
    engine.recoveryReport().messages().forEach(message -> LOG.info("paxos recovery: {}", message));
    return new PaxosStore(engine, clock);
  }

  private LogStorageEngine openStorage(NodeConfig config, StorageEnvironment environment) {
    LogStorageOptions options =
        LogStorageOptions.defaults(config.dataDir()).withFsyncPolicy(config.fsync());
    LogStorageEngine storage = own(LogStorageEngine.open(options, environment));
    own(() -> logGroupCommit(storage.stats()));
    LOG.info(
        "storage opened: {} live keys in {} segments",
        storage.stats().liveKeys(),
        storage.stats().segmentCount());
    storage.recoveryReport().messages().forEach(message -> LOG.info("recovery: {}", message));
    return storage;
  }

  /** At close: how well group commit grouped (writes per force) and what its forces took. */
  private static void logGroupCommit(StorageStats stats) {
    long forces = stats.groupCommitForces();
    if (forces == 0) {
      return;
    }
    LOG.info(
        String.format(
            Locale.ROOT,
            "group commit: %d forces for %d writes (%.2f per force), force mean %d us, max %d us",
            forces,
            stats.groupCommitWrites(),
            (double) stats.groupCommitWrites() / forces,
            TimeUnit.NANOSECONDS.toMicros(stats.groupCommitForceNanos() / forces),
            TimeUnit.NANOSECONDS.toMicros(stats.groupCommitForceNanosMax())));
  }

  /**
   * Where coordinators arm their fallback and deadline timers: on the event loops, which run the
   * coordinations anyway. Each request schedules and cancels one timer, almost always from the
   * event loop itself, where that is a plain queue operation; on the timer thread it took that
   * executor's lock, shared with the thread, and woke it whenever its queue had been empty.
   * Coordinations serialize their own transitions, so the thread a timer fires on does not matter.
   */
  private static ExecutorScheduler requestTimers(NodeEventLoops loops) {
    return new ExecutorScheduler(loops.workers());
  }

  /**
   * One timer thread for membership rounds and storage tasks. Cancelled timers leave the queue at
   * once instead of at their expiry.
   */
  private static ScheduledThreadPoolExecutor timerExecutor() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, threads("ringstore-timer"));
    timer.setRemoveOnCancelPolicy(true);
    // Close does its own last sync: a delayed task (anti-entropy's next hourly run) must not hold
    // the shutdown until it is due.
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return timer;
  }

  /**
   * One thread for anti-entropy's scans and streamed writes, this node's runs and the trees peers
   * ask for alike, so that a repair never takes more than one core; a short queue, past which a
   * peer's request is refused as overloaded (it retries in its next run).
   */
  private static ThreadPoolExecutor antiEntropyExecutor() {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(ANTI_ENTROPY_QUEUE_MAX),
        threads("ringstore-anti-entropy"));
  }

  private static DefaultThreadFactory threads(String name) {
    return new DefaultThreadFactory(name, true);
  }

  /** Seeds are reached through the same greeting pool, by address, named "seed" in errors. */
  private static SeedTransport seedTransport(ConnectionPool pool) {
    return (seed, request, handler) ->
        pool.send(
            new Endpoint("seed", seed.host(), seed.port()),
            request,
            NettyTransport.PENDING_MILLIS_MAX_DEFAULT,
            handler);
  }

  private <T extends AutoCloseable> T own(T closeable) {
    closeInReverse.push(closeable);
    return closeable;
  }

  private <T extends ExecutorService> T ownExecutor(T executor) {
    closeInReverse.push(() -> shutDown(executor));
    return executor;
  }

  private static void shutDown(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
      executor.shutdownNow();
    }
  }

  /** The hints this node holds for others. */
  public HintStore hints() {
    return hints;
  }

  /** This node's membership: its generation, status and judgements of the others. */
  public GossipMembership membership() {
    return membership;
  }

  /** This node's coordinator: its read counters. */
  public Coordinator coordinator() {
    return coordinator;
  }

  /** The current ring, as this node's membership computes it. */
  public Ring ring() {
    return membership.current();
  }

  /** The ring, or null while the node starts. */
  private Ring currentRing() {
    GossipMembership known = membership;
    return known == null ? null : known.current();
  }

  /** Whether the node serves, for the admin endpoint's {@code /health}. */
  private NodeHealth health() {
    GossipMembership known = membership;
    if (known == null) {
      return storageOpen
          ? NodeHealth.joining("starting the network and membership")
          : NodeHealth.recovering();
    }
    if (known.status() != MemberStatus.NORMAL) {
      return NodeHealth.joining("its status is " + known.status() + ", not NORMAL yet");
    }
    Ring ring = known.current();
    if (ring.member(self.id()).isEmpty()) {
      return NodeHealth.joining("its own view of the ring does not hold it yet");
    }
    return NodeHealth.serving(
        "a member of a ring of " + ring.members().size() + " nodes, epoch " + ring.epoch());
  }

  /** The admin endpoint's port. */
  public int adminPort() {
    return admin.port();
  }

  /** The member called {@code id}, as membership knows it; empty before membership starts. */
  private Optional<Member> member(NodeId id) {
    GossipMembership known = membership;
    return known == null ? Optional.empty() : known.member(id);
  }

  /** This node as a ring member, with the port it actually listens on. */
  public Member self() {
    return self;
  }

  /** The id of this node. */
  public NodeId id() {
    return self.id();
  }

  /** The port the node listens on. */
  public int port() {
    return server.port();
  }

  /**
   * Stops membership rounds, the server, the transport, the storage threads, the storage engine,
   * the timers and the event loops, in the reverse order of their start; logs what fails to close.
   */
  @Override
  public void close() {
    while (!closeInReverse.isEmpty()) {
      AutoCloseable next = closeInReverse.pop();
      try {
        next.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warn("closing {} failed", next, e);
      }
    }
  }
}
