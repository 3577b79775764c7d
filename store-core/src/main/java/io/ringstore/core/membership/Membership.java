package io.ringstore.core.membership;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.RingView;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.MembersExchange;
import io.ringstore.core.wire.MembersResponse;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Membership for now: every node learns every other node by exchanging full member lists, and
 * computes the ring from the members sorted by node id.
 *
 * <p><b>Protocol.</b> Every {@code exchangeIntervalNanos} (one round on the {@link Scheduler}) the
 * node sends a {@link MembersExchange} with every member it knows, itself included, to each seed it
 * does not yet know as a member (through the {@link SeedTransport}, by address) and to each known
 * member (through the {@link Transport}, by id). The receiver merges the list and answers with its
 * own, which the sender merges too. Merging is a union by node id that never removes a member, so
 * lists only grow and any two nodes that have exchanged, directly or through others, converge.
 *
 * <p><b>The ring</b> is {@code Ring.of(config, members sorted by id)}: every node that knows the
 * same members computes the same ring, tokens included, with no token exchange. Its epoch is the
 * member count, which only grows.
 *
 * <p><b>Limitations</b> (lifted by the gossip and failure-detection issue, which replaces this
 * class behind the same {@link MembershipService} and {@link RingView}): a member is never removed,
 * nor marked down; a node that joins later with an id sorting before others shifts the token
 * allocation of those after it, so data moves without handoff; a member's address, zone and weight
 * are the first ones learned, except a node's own entry, which it always states itself; tokens are
 * not persisted.
 *
 * <p><b>Threads and bounds.</b> Rounds run on the scheduler, exchanges on network threads; the
 * member map is an immutable snapshot swapped under this object's lock, read without one. At most
 * {@link WireLimits#RING_MEMBERS_MAX} members are kept; further ones are ignored. At most one
 * exchange per destination is in flight: a round skips a destination still waiting for its answer.
 * An exchange waits at most one interval: the transport promises no failure callback for a lost
 * message, so without this deadline one lost exchange would silence its destination for good (the
 * simulator found this).
 */
public final class Membership implements MembershipService, RingView, AutoCloseable {
  /** Default time between two exchange rounds. */
  public static final long EXCHANGE_INTERVAL_MILLIS_DEFAULT = 1_000;

  /** Shortest time between two rounds accepted. */
  public static final long EXCHANGE_INTERVAL_MILLIS_MIN = 10;

  /** Longest time between two rounds accepted. */
  public static final long EXCHANGE_INTERVAL_MILLIS_MAX = 60_000;

  private final Member self;
  private final RingConfig config;
  private final List<HostPort> seeds;
  private final Transport transport;
  private final SeedTransport seedTransport;
  private final Scheduler scheduler;
  private final long exchangeIntervalNanos;
  private final Map<Object, MergeAnswer> inFlight = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot;
  private volatile boolean closed;
  private Scheduler.Cancellable nextRound;

  /** The members known and the ring they make, swapped together. */
  private record Snapshot(SortedMap<NodeId, Member> members, Ring ring) {}

  /**
   * Membership of node {@code self}, knowing only itself until {@link #start}.
   *
   * @param seeds addresses to announce this node to; may include this node's own, which is skipped
   * @param exchangeIntervalMillis {@link #EXCHANGE_INTERVAL_MILLIS_MIN} to {@link
   *     #EXCHANGE_INTERVAL_MILLIS_MAX}
   */
  public Membership(
      Member self,
      RingConfig config,
      List<HostPort> seeds,
      Network network,
      Scheduler scheduler,
      long exchangeIntervalMillis) {
    if (exchangeIntervalMillis < EXCHANGE_INTERVAL_MILLIS_MIN
        || exchangeIntervalMillis > EXCHANGE_INTERVAL_MILLIS_MAX) {
      throw new IllegalArgumentException(
          "membership exchangeIntervalMillis is "
              + exchangeIntervalMillis
              + ", must be "
              + EXCHANGE_INTERVAL_MILLIS_MIN
              + " to "
              + EXCHANGE_INTERVAL_MILLIS_MAX);
    }
    this.self = Objects.requireNonNull(self, "self");
    this.config = Objects.requireNonNull(config, "config");
    this.seeds = List.copyOf(seeds);
    this.transport = network.transport();
    this.seedTransport = network.seedTransport();
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.exchangeIntervalNanos = TimeUnit.MILLISECONDS.toNanos(exchangeIntervalMillis);
    TreeMap<NodeId, Member> members = new TreeMap<>();
    members.put(self.id(), self);
    this.snapshot = snapshotOf(members);
  }

  /**
   * How membership reaches other nodes: by id once known, by address before.
   *
   * @param transport reaches members by node id
   * @param seedTransport reaches seeds by address
   */
  public record Network(Transport transport, SeedTransport seedTransport) {
    /** Rejects nulls. */
    public Network {
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(seedTransport, "seedTransport");
    }
  }

  /** Runs the first exchange round now and the next ones every interval until {@link #close}. */
  public synchronized void start() {
    nextRound = scheduler.schedule(0, this::round);
  }

  /** Stops the rounds; exchanges from other nodes are still answered. */
  @Override
  public synchronized void close() {
    closed = true;
    if (nextRound != null) {
      nextRound.cancel();
    }
  }

  @Override
  public Ring current() {
    return snapshot.ring();
  }

  /** Every member known, by id. */
  public SortedMap<NodeId, Member> members() {
    return snapshot.members();
  }

  @Override
  public Response exchange(MembersExchange exchange) {
    merge(exchange.members());
    return new MembersResponse(List.copyOf(snapshot.members().values()));
  }

  private void round() {
    if (closed) {
      return;
    }
    MembersExchange exchange = new MembersExchange(List.copyOf(snapshot.members().values()));
    for (HostPort seed : unknownSeeds()) {
      MergeAnswer answer = startExchange(seed);
      if (answer != null) {
        seedTransport.send(seed, exchange, answer);
      }
    }
    for (NodeId member : snapshot.members().keySet()) {
      MergeAnswer answer = member.equals(self.id()) ? null : startExchange(member);
      if (answer != null) {
        transport.send(member, exchange, answer);
      }
    }
    scheduleNext();
  }

  /** The answer handler of a new exchange with {@code destination}, or null if one is waiting. */
  private MergeAnswer startExchange(Object destination) {
    MergeAnswer answer = new MergeAnswer(destination);
    if (inFlight.putIfAbsent(destination, answer) != null) {
      return null;
    }
    answer.deadline = scheduler.schedule(exchangeIntervalNanos, answer::finish);
    return answer;
  }

  private synchronized void scheduleNext() {
    if (!closed) {
      nextRound = scheduler.schedule(exchangeIntervalNanos, this::round);
    }
  }

  /** Seeds that are neither this node nor the address of a member already known. */
  private List<HostPort> unknownSeeds() {
    Collection<Member> known = snapshot.members().values();
    List<HostPort> unknown = new ArrayList<>();
    for (HostPort seed : seeds) {
      if (known.stream().noneMatch(seed::isAddressOf)) {
        unknown.add(seed);
      }
    }
    return unknown;
  }

  /** Merges {@code incoming} into the member list; swaps in a new ring if it grew. */
  private synchronized void merge(Collection<Member> incoming) {
    SortedMap<NodeId, Member> current = snapshot.members();
    TreeMap<NodeId, Member> merged = null;
    for (Member member : incoming) {
      if (current.containsKey(member.id()) || (merged != null && merged.containsKey(member.id()))) {
        continue;
      }
      if (merged == null) {
        merged = new TreeMap<>(current);
      }
      if (merged.size() < WireLimits.RING_MEMBERS_MAX) {
        merged.put(member.id(), member);
      }
    }
    if (merged != null && merged.size() > current.size()) {
      snapshot = snapshotOf(merged);
    }
  }

  private Snapshot snapshotOf(TreeMap<NodeId, Member> members) {
    SortedMap<NodeId, Member> frozen = Collections.unmodifiableSortedMap(members);
    return new Snapshot(frozen, Ring.of(config, frozen.values()));
  }

  /**
   * Merges the answer to one exchange and frees its destination for the next round, or frees it
   * when the exchange's deadline passes first.
   */
  private final class MergeAnswer implements ResponseHandler {
    private final Object destination;
    private volatile Scheduler.Cancellable deadline;

    MergeAnswer(Object destination) {
      this.destination = destination;
    }

    @Override
    public void onResponse(Response response) {
      finish();
      if (response instanceof MembersResponse members) {
        merge(members.members());
      }
    }

    @Override
    public void onFailure(Throwable cause) {
      finish();
    }

    /** Frees the destination, unless a newer exchange with it has started since. */
    void finish() {
      inFlight.remove(destination, this);
      Scheduler.Cancellable pending = deadline;
      if (pending != null) {
        pending.cancel();
      }
    }
  }
}
