package io.ringstore.core.membership;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.coordinator.RingView;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.ClusterStateResponse;
import io.ringstore.core.wire.GossipAck;
import io.ringstore.core.wire.GossipAck2;
import io.ringstore.core.wire.GossipDigest;
import io.ringstore.core.wire.GossipInfo;
import io.ringstore.core.wire.GossipState;
import io.ringstore.core.wire.GossipSyn;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gossip membership with phi-accrual failure detection (DESIGN.md, "Failure handling").
 *
 * <p><b>State.</b> Every member announces a versioned state: a generation (its restart count, kept
 * in its {@link MembershipStore}), a heartbeat it raises every round, and an info (address, zone,
 * weight, status, tokens) tagged with the heartbeat at which it last changed. Each node keeps the
 * newest state it heard of every member; a newer generation replaces everything, a higher heartbeat
 * of the same generation replaces the heartbeat and, if newer, the info. Members are never
 * forgotten: one that leaves announces LEFT, so stale gossip cannot bring it back.
 *
 * <p><b>Rounds.</b> Every {@link GossipSettings#intervalMillis} a node raises its heartbeat and
 * sends a {@link GossipSyn} (a digest per member) to {@link GossipSettings#fanout} random members
 * not believed down, to one down member now and then (so a recovered one is found), to a seed now
 * and then, and to every seed address no known member listens at. The receiver answers with a
 * {@link GossipAck} holding the states it knows newer and digests of those it wants; the sender
 * answers that with a {@link GossipAck2} of the wanted states (Cassandra's three-way exchange,
 * after van Renesse et al. 1998). Only heartbeats travel in a steady cluster; an info travels once
 * to each node. A change reaches every node in O(log n) rounds with high probability, as in an
 * epidemic with push-pull (Karp et al. 2000): the simulator shows it with 100 nodes.
 *
 * <p><b>The ring</b> is built from the tokens the members announce ({@link Ring#ofTokens}), so it
 * does not depend on the order members were heard of. Its epoch is the sum over members of {@code
 * generation << 32} plus the info version: equal on nodes that heard the same infos, and growing
 * with every change. A member chooses its tokens once, on its first start: after it heard of
 * another member (a seed that hears of nobody for a few rounds starts a new cluster alone; a node
 * that is not a seed waits for one), and after every joining member it knows with an id before its
 * own announced theirs, so that nodes started at the same moment choose one after the other on the
 * ring the earlier ones made. A node that restarts reuses its tokens and the members it saved, so
 * it routes on the ring it left before its first gossip round.
 *
 * <p><b>Liveness.</b> Every {@link GossipSettings#checkIntervalMillis} each member is judged: DOWN
 * at phi (with one interval's slack for relayed heartbeats once the members outnumber the fanout)
 * at or above {@code phiConvict}, SUSPECT at {@code phiSuspect} or when {@link PeerEvidence}
 * (requests this node sent it) says so, UP otherwise. The result is an immutable {@link NodeStates}
 * swapped in for coordinators to plan against. Judgements are local and never gossiped.
 *
 * <p><b>Threads and bounds.</b> Rounds and checks run on the scheduler, gossip messages on network
 * threads; all state is guarded by this object's monitor, held briefly, never while sending. The
 * ring and the node states are volatile immutable snapshots, read without a lock. At most {@link
 * WireLimits#RING_MEMBERS_MAX} members are kept. At most one round is in flight per destination,
 * and a round waits at most one interval for its answer (the transport promises no failure
 * callback).
 */
public final class GossipMembership implements MembershipService, RingView, AutoCloseable {
  /** The parts membership runs on, injected. */
  public record Parts(
      Transport transport,
      SeedTransport seedTransport,
      Scheduler scheduler,
      Clock clock,
      Random random,
      MembershipStore store,
      PeerEvidence evidence,
      Consumer<String> events) {
    /** Rejects nulls. */
    public Parts {
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(seedTransport, "seedTransport");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(random, "random");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(evidence, "evidence");
      Objects.requireNonNull(events, "events");
    }
  }

  /** Rounds between two warnings that no seed has answered a joining node. */
  static final int NO_SEED_WARNING_ROUNDS = 10;

  /** Replaced rings kept at most; older ones are dropped even within the settle time. */
  static final int PAST_RINGS_MAX = 4;

  private final Member self;
  private final RingConfig config;
  private final List<HostPort> seeds;
  private final GossipSettings settings;
  private final Parts parts;
  private final TreeMap<NodeId, MemberRecord> others = new TreeMap<>();
  private final Map<Object, RoundAnswer> inFlight = new ConcurrentHashMap<>();
  private long generation;
  private long heartbeat;
  private GossipInfo selfInfo;
  private int roundsWithoutTokens;
  private boolean seedAnswered;
  private volatile Ring ring;
  private volatile Ring future;
  private volatile List<Ring> pendingRings = List.of();
  private final ArrayDeque<PastRing> pastRings = new ArrayDeque<>();
  private Map<NodeId, long[]> owners = Map.of();
  private volatile NodeStates states = NodeStates.ALL_UP;
  private int statesOmitGone;
  private volatile boolean closed;
  private Scheduler.Cancellable nextRound;
  private Scheduler.Cancellable nextCheck;

  /**
   * Membership of node {@code self}; loads what the store saved, but sends nothing until {@link
   * #start}.
   *
   * @param seeds addresses to announce this node to; may include this node's own, which is skipped
   */
  public GossipMembership(
      Member self, RingConfig config, List<HostPort> seeds, GossipSettings settings, Parts parts) {
    this.self = Objects.requireNonNull(self, "self");
    this.config = Objects.requireNonNull(config, "config");
    this.seeds = List.copyOf(seeds);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.parts = Objects.requireNonNull(parts, "parts");
    this.ring = Ring.empty(config);
    restore();
    parts.evidence().onChange(this::judge);
  }

  /** Loads the saved generation, tokens and members, and saves the next generation at once. */
  private synchronized void restore() {
    MembershipStore.Saved saved =
        parts.store().load().orElse(new MembershipStore.Saved(0, new long[0], List.of()));
    generation = saved.generation() + 1;
    // A restored node's info is new at this start; one without a store starts low, so that an
    // older life of it, if the others know one, is gossiped back newer (see outliveOlderSelf).
    heartbeat = saved.generation() > 0 ? heartbeatForNewInfo(0) : 1;
    MemberStatus status = saved.status();
    selfInfo = new GossipInfo(self, status, heartbeat, saved.tokens());
    long now = parts.clock().monotonicNanos();
    for (GossipState member : saved.members()) {
      if (!member.node().equals(self.id()) && member.infoOrNull() != null) {
        others.put(member.node(), newRecord(member, now));
      }
    }
    save();
    rebuildRing();
    parts
        .events()
        .accept(
            "membership: generation "
                + generation
                + ", "
                + (saved.tokens().length > 0
                    ? status + " with its tokens restored"
                    : "no tokens yet")
                + ", "
                + others.size()
                + " members restored, ring epoch "
                + ring.epoch());
  }

  /** Starts the gossip rounds and the liveness checks, the first round now. */
  public synchronized void start() {
    nextRound = parts.scheduler().schedule(0, this::round);
    nextCheck = parts.scheduler().schedule(checkNanos(), this::check);
  }

  /** Stops rounds and checks; gossip from other nodes is still answered. */
  @Override
  public synchronized void close() {
    closed = true;
    if (nextRound != null) {
      nextRound.cancel();
    }
    if (nextCheck != null) {
      nextCheck.cancel();
    }
  }

  @Override
  public Ring current() {
    return ring;
  }

  @Override
  public NodeStates states() {
    return states;
  }

  @Override
  public List<Ring> pendingRings() {
    return pendingRings;
  }

  /**
   * The ring once the moves announced now are done: joining members owning their tokens, leaving
   * ones gone. The current ring when nothing moves.
   */
  public Ring future() {
    Ring moved = future;
    return moved != null ? moved : ring;
  }

  /** How long a ring change takes to reach every node: {@link GossipSettings#ringSettleRounds}. */
  public long ringSettleNanos() {
    return settings.intervalNanos() * settings.ringSettleRounds();
  }

  /** The status {@code id} announces (or was given by a removal); empty for an unknown node. */
  public synchronized Optional<MemberStatus> statusOf(NodeId id) {
    if (id.equals(self.id())) {
      return Optional.of(selfInfo.status());
    }
    MemberRecord record = others.get(id);
    return record == null ? Optional.empty() : Optional.of(record.info.status());
  }

  /**
   * Takes the dead member {@code id} off the ring on an operator's word ({@code ringstore
   * removenode}): this node gossips a REMOVED info for it, versioned above everything the member
   * announced in its life, so that every node drops its tokens; the nodes that gain its ranges then
   * sync them from the other replicas ({@code RangeMovements}). A member removed already is left as
   * it is. A removed node that is started again with its data rejoins with its old tokens (its new
   * generation outranks the removal); wipe its data directory to make it join as a new node.
   *
   * @throws IllegalStateException naming why not: {@code id} is this node, unknown, owns no tokens,
   *     is not believed DOWN (a live node decommissions instead), or the ring would keep fewer than
   *     N members
   */
  public void remove(NodeId id) {
    synchronized (this) {
      if (id.equals(self.id())) {
        throw new IllegalStateException(
            id + " is the node asked: a live node leaves by decommission, not removenode");
      }
      MemberRecord record = others.get(id);
      if (record == null) {
        throw new IllegalStateException(id + " is not a member this node knows");
      }
      MemberStatus status = record.info.status();
      if (status == MemberStatus.REMOVED || status == MemberStatus.LEFT) {
        return;
      }
      if (!status.ownsTokens() || record.info.tokens().length == 0) {
        throw new IllegalStateException(id + " is " + status + ": it owns no range to remove");
      }
      if (record.state != NodeState.DOWN) {
        throw new IllegalStateException(
            id
                + " is "
                + record.state
                + ", not DOWN: removenode is for a node that is gone; decommission a live one");
      }
      if (ring.members().size() <= config.replicationFactor()) {
        throw new IllegalStateException(
            "the ring has "
                + ring.members().size()
                + " members and N="
                + config.replicationFactor()
                + ": removing one would leave keys with fewer than N replicas; add a node first");
      }
      long version = heartbeatForNewInfo(record.heartbeat);
      record.heartbeat = version;
      record.info =
          new GossipInfo(record.info.member(), MemberStatus.REMOVED, version, record.info.tokens());
      save();
      rebuildRing();
    }
    parts.events().accept("membership: " + id + " removed from the ring on an operator's request");
    judge();
  }

  /**
   * Announces that this node is now {@code status}, keeping its tokens: NORMAL once a joining node
   * holds its ranges, LEAVING when it starts to hand them over, LEFT once it has.
   */
  public void announce(MemberStatus status) {
    synchronized (this) {
      if (selfInfo.status() == status) {
        return;
      }
      heartbeat = heartbeatForNewInfo(heartbeat);
      selfInfo = new GossipInfo(self, status, heartbeat, selfInfo.tokens());
      save();
      rebuildRing();
    }
    parts.events().accept("membership: this node is " + status);
  }

  /** The member called {@code id} as gossip announced it, with or without tokens. */
  public synchronized Optional<Member> member(NodeId id) {
    if (id.equals(self.id())) {
      return Optional.of(self);
    }
    MemberRecord record = others.get(id);
    return record == null ? Optional.empty() : Optional.of(record.info.member());
  }

  /** This node's generation: how many times it has started. */
  public synchronized long generation() {
    return generation;
  }

  /** The status this node announces. */
  public synchronized MemberStatus status() {
    return selfInfo.status();
  }

  // ---------------------------------------------------------------- serving other nodes

  @Override
  public Response syn(NodeId source, GossipSyn syn) {
    return ackFor(syn.digests());
  }

  @Override
  public Response ack2(NodeId source, GossipAck2 ack2) {
    merge(ack2.states());
    return GossipAck.EMPTY;
  }

  @Override
  public synchronized ClusterStateResponse clusterState() {
    long now = parts.clock().monotonicNanos();
    List<ClusterStateResponse.MemberView> views = new ArrayList<>();
    views.add(view(selfInfo, NodeState.UP, 0, generation, heartbeat));
    for (MemberRecord record : others.values()) {
      double phi = record.detector.phi(now);
      views.add(view(record.info, record.state, phi, record.generation, record.heartbeat));
    }
    return new ClusterStateResponse(ring.epoch(), views);
  }

  private static ClusterStateResponse.MemberView view(
      GossipInfo info, NodeState state, double phi, long generation, long heartbeat) {
    double shown = Double.isFinite(phi) ? phi : Double.MAX_VALUE;
    return new ClusterStateResponse.MemberView(
        info.member(), info.status(), state, shown, generation, heartbeat, info.tokens().length);
  }

  /** The states the syn's sender lacks, and digests of what this node lacks. */
  private synchronized GossipAck ackFor(List<GossipDigest> digests) {
    List<GossipDigest> wanted = new ArrayList<>();
    List<GossipState> newer = new ArrayList<>();
    Set<NodeId> mentioned = new HashSet<>();
    for (GossipDigest digest : digests) {
      mentioned.add(digest.node());
      if (digest.node().equals(self.id())) {
        if (digest.isNewerThan(generation, heartbeat)) {
          wanted.add(new GossipDigest(self.id(), 0, 0)); // an older life: send it all, see merge
        } else {
          addIfNotNull(newer, selfRecordDelta(digest.generation(), digest.heartbeat()));
        }
        continue;
      }
      MemberRecord record = others.get(digest.node());
      if (record == null) {
        wanted.add(new GossipDigest(digest.node(), 0, 0));
      } else if (digest.isNewerThan(record.generation, record.heartbeat)) {
        wanted.add(record.digest());
      } else {
        addIfNotNull(newer, record.deltaFor(digest.generation(), digest.heartbeat()));
      }
    }
    if (!mentioned.contains(self.id())) {
      newer.add(selfState(selfInfo));
    }
    for (MemberRecord record : others.values()) {
      if (!mentioned.contains(record.info.member().id())) {
        newer.add(record.full());
      }
    }
    return new GossipAck(wanted, newer);
  }

  /** The states asked for by {@code wanted} digests. */
  private synchronized List<GossipState> statesFor(List<GossipDigest> wanted) {
    List<GossipState> answer = new ArrayList<>();
    for (GossipDigest digest : wanted) {
      if (digest.node().equals(self.id())) {
        addIfNotNull(answer, selfRecordDelta(digest.generation(), digest.heartbeat()));
      } else {
        MemberRecord record = others.get(digest.node());
        if (record != null) {
          addIfNotNull(answer, record.deltaFor(digest.generation(), digest.heartbeat()));
        }
      }
    }
    return answer;
  }

  private GossipState selfRecordDelta(long knownGeneration, long knownHeartbeat) {
    if (knownGeneration > generation
        || (knownGeneration == generation && knownHeartbeat >= heartbeat)) {
      return null;
    }
    boolean needsInfo = knownGeneration < generation || selfInfo.version() > knownHeartbeat;
    return new GossipState(self.id(), generation, heartbeat, needsInfo ? selfInfo : null);
  }

  private GossipState selfState(GossipInfo info) {
    return new GossipState(self.id(), generation, heartbeat, info);
  }

  private static void addIfNotNull(List<GossipState> states, GossipState state) {
    if (state != null) {
      states.add(state);
    }
  }

  // ---------------------------------------------------------------- merging what others say

  /** Merges {@code incoming} states; rebuilds the ring and saves the members if an info changed. */
  private synchronized void merge(List<GossipState> incoming) {
    long now = parts.clock().monotonicNanos();
    boolean infoChanged = false;
    for (GossipState state : incoming) {
      if (state.node().equals(self.id())) {
        outliveOlderSelf(state);
      } else {
        infoChanged |= mergeOther(state, now);
      }
    }
    if (infoChanged) {
      rebuildRing();
      save();
      chooseAgainIfTokensTaken();
    }
  }

  /** Returns whether the member's info changed. */
  private boolean mergeOther(GossipState state, long now) {
    MemberRecord record = others.get(state.node());
    if (record == null) {
      if (state.infoOrNull() == null || others.size() + 1 >= WireLimits.RING_MEMBERS_MAX) {
        return false;
      }
      others.put(state.node(), newRecord(state, now));
      parts.events().accept("membership: learned " + describe(state.infoOrNull()));
      return true;
    }
    if (state.generation() > record.generation) {
      if (state.infoOrNull() == null) {
        return false;
      }
      record.generation = state.generation();
      record.heartbeat = state.heartbeat();
      record.info = state.infoOrNull();
      record.detector = new PhiAccrualDetector(settings.detectorSettings());
      record.detector.heartbeat(now);
      parts
          .events()
          .accept("membership: " + state.node() + " restarted, generation " + state.generation());
      return true;
    }
    if (state.generation() == record.generation && state.heartbeat() > record.heartbeat) {
      record.heartbeat = state.heartbeat();
      record.detector.heartbeat(now);
      GossipInfo info = state.infoOrNull();
      if (info != null && info.version() > record.info.version()) {
        record.info = info;
        parts.events().accept("membership: " + describe(info));
        return true;
      }
    }
    return false;
  }

  /**
   * Someone gossips a life of this node newer than its own: its store was lost or restored from an
   * older copy. Jump past it, so that the others take this node's word again; a node that has not
   * chosen tokens yet takes back the tokens of that life, so that it owns the ranges it owned
   * before (and repair, not a token move, brings its data back).
   */
  private void outliveOlderSelf(GossipState state) {
    if (!new GossipDigest(self.id(), state.generation(), state.heartbeat())
        .isNewerThan(generation, heartbeat)) {
      return;
    }
    generation = state.generation() + 1;
    heartbeat = heartbeatForNewInfo(0);
    GossipInfo older = state.infoOrNull();
    boolean reclaim =
        selfInfo.tokens().length == 0
            && older != null
            && older.status().ownsTokens()
            && older.tokens().length > 0;
    selfInfo =
        reclaim
            ? new GossipInfo(self, MemberStatus.NORMAL, heartbeat, older.tokens())
            : new GossipInfo(self, selfInfo.status(), heartbeat, selfInfo.tokens());
    save();
    rebuildRing();
    parts
        .events()
        .accept(
            "membership: a newer life of this node is gossiped; generation "
                + generation
                + (reclaim ? ", its " + older.tokens().length + " tokens taken back" : ""));
  }

  private MemberRecord newRecord(GossipState state, long now) {
    MemberRecord record =
        new MemberRecord(state, new PhiAccrualDetector(settings.detectorSettings()));
    record.detector.heartbeat(now);
    return record;
  }

  private static String describe(GossipInfo info) {
    Member member = info.member();
    return member.id()
        + " at "
        + member.host()
        + ":"
        + member.port()
        + " is "
        + info.status()
        + " with "
        + info.tokens().length
        + " tokens";
  }

  // ---------------------------------------------------------------- the ring and the store

  /**
   * Rebuilds the current ring (NORMAL and LEAVING members) and the future one (NORMAL and joining
   * members with tokens); a current ring whose owners changed joins the past rings, which writes
   * keep reaching for {@link #ringSettleNanos}.
   */
  private void rebuildRing() {
    Map<NodeId, Member> members = new HashMap<>();
    Map<NodeId, long[]> tokens = new HashMap<>();
    Map<NodeId, Member> futureMembers = new HashMap<>();
    Map<NodeId, long[]> futureTokens = new HashMap<>();
    long epoch = epochTerm(generation, selfInfo);
    addOwner(selfInfo, members, tokens, futureMembers, futureTokens);
    for (MemberRecord record : others.values()) {
      epoch += epochTerm(record.generation, record.info);
      addOwner(record.info, members, tokens, futureMembers, futureTokens);
    }
    if (epoch != ring.epoch() || ring.isEmpty() != members.isEmpty()) {
      Ring previous = ring;
      ring = Ring.ofTokens(config, epoch, members, tokens);
      long now = parts.clock().monotonicNanos();
      if (!sameOwners(tokens, owners) && !previous.isEmpty() && !onlyGrewUpToN(previous, ring)) {
        pastRings.addLast(new PastRing(previous, now + ringSettleNanos()));
        while (pastRings.size() > PAST_RINGS_MAX) {
          pastRings.removeFirst();
        }
      }
      owners = tokens;
      future =
          sameOwners(tokens, futureTokens)
              ? null
              : Ring.ofTokens(config, epoch, futureMembers, futureTokens);
      refreshPendingRings(now);
    }
  }

  /**
   * Whether {@code after} only adds members to {@code before} and has at most N: then every member
   * of either ring replicates every key, so no replica of {@code before} lost a key and nobody
   * routing by it can miss a write (a cluster forming needs no past rings).
   */
  private boolean onlyGrewUpToN(Ring before, Ring after) {
    if (after.members().size() > config.replicationFactor()) {
      return false;
    }
    for (Member member : before.members()) {
      if (after.member(member.id()).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** A ring replaced at some point, kept among the pending rings until {@code untilNanos}. */
  private record PastRing(Ring ring, long untilNanos) {}

  /** Drops the past rings whose settle time is over and publishes the pending rings. */
  private void refreshPendingRings(long now) {
    while (!pastRings.isEmpty() && pastRings.peekFirst().untilNanos() - now <= 0) {
      pastRings.removeFirst();
    }
    List<Ring> pending = new ArrayList<>(pastRings.size() + 2);
    if (future != null) {
      pending.add(future);
    }
    for (PastRing past : pastRings) {
      pending.add(past.ring());
    }
    if (!pending.isEmpty()) {
      // The ring of this moment too: a coordinator reads the ring and the pending rings one after
      // the other, and may pair the ring before a change with the pending rings after it.
      pending.add(0, ring);
    }
    if (!pending.equals(pendingRings)) {
      pendingRings = List.copyOf(pending);
    }
  }

  private static boolean sameOwners(Map<NodeId, long[]> a, Map<NodeId, long[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<NodeId, long[]> entry : a.entrySet()) {
      if (!Arrays.equals(entry.getValue(), b.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Another member announced some of this node's tokens too, and kept them (a shared token goes to
   * the smaller id): two nodes chose at the same moment on the same ring, each before it heard of
   * the other. This node chooses again, on the ring the others make, and announces the new tokens
   * with a raised heartbeat so that the new info supersedes the old everywhere. Each time, the
   * smallest id among the colliding keeps its tokens, so this settles.
   */
  private void chooseAgainIfTokensTaken() {
    int announced = selfInfo.tokens().length;
    MemberStatus status = selfInfo.status();
    if (announced == 0 || !(status.ownsTokens() || status == MemberStatus.JOINING)) {
      return;
    }
    Ring mine = status.ownsTokens() ? ring : future();
    int owned = mine.tokensOf(self.id()).length;
    if (owned == announced) {
      return;
    }
    Ring othersOnly = owned > 0 ? mine.withoutMember(self.id()) : mine;
    long[] tokens = othersOnly.tokensFor(self);
    heartbeat = heartbeatForNewInfo(heartbeat);
    selfInfo = new GossipInfo(self, selfInfo.status(), heartbeat, tokens);
    save();
    rebuildRing();
    parts
        .events()
        .accept(
            "membership: "
                + (announced - owned)
                + " of this node's "
                + announced
                + " tokens were announced first by another member; chose "
                + tokens.length
                + " again");
  }

  /**
   * The heartbeat at which this node announces a new info: past {@code current}, and at least the
   * wall-clock millisecond. A node whose store was lost restarts at the generation of its earlier
   * life (it cannot know better until someone tells it), and its heartbeat may overtake that life's
   * before anyone does: with heartbeats counted from 1, its new info (tokens chosen alone, say)
   * could carry the version the others already hold for the old one, and they would keep the old
   * tokens for ever (the simulator found this: a lost disk on a seed cut off while it restarted). A
   * version from the clock is newer than any heartbeat the earlier life reached, as long as the
   * clock did not step back by more than that life's rounds. It also keeps the ring epoch growing
   * across restarts: the next generation's first version is past the last one's.
   */
  private long heartbeatForNewInfo(long current) {
    return Math.max(current + 1, parts.clock().wallMillis());
  }

  private static long epochTerm(long generation, GossipInfo info) {
    return (generation << 32) + info.version();
  }

  private static void addOwner(
      GossipInfo info,
      Map<NodeId, Member> members,
      Map<NodeId, long[]> tokens,
      Map<NodeId, Member> futureMembers,
      Map<NodeId, long[]> futureTokens) {
    if (info.tokens().length == 0) {
      return;
    }
    MemberStatus status = info.status();
    if (status.ownsTokens()) {
      members.put(info.member().id(), info.member());
      tokens.put(info.member().id(), info.tokens());
    }
    if (status == MemberStatus.NORMAL || status == MemberStatus.JOINING) {
      futureMembers.put(info.member().id(), info.member());
      futureTokens.put(info.member().id(), info.tokens());
    }
  }

  private void save() {
    List<GossipState> members = new ArrayList<>();
    for (MemberRecord record : others.values()) {
      members.add(record.full());
    }
    parts
        .store()
        .save(new MembershipStore.Saved(generation, selfInfo.tokens(), members, selfInfo.status()));
  }

  // ---------------------------------------------------------------- choosing tokens

  /** Chooses and announces this node's tokens once the join conditions hold. */
  private void maybeChooseTokens() {
    if (selfInfo.tokens().length > 0) {
      return;
    }
    roundsWithoutTokens++;
    boolean heardEnough =
        seedAnswered
            || !others.isEmpty()
            || (selfIsSeed() && roundsWithoutTokens > settings.joinWaitRounds());
    if (!heardEnough && roundsWithoutTokens % NO_SEED_WARNING_ROUNDS == 0) {
      parts.events().accept("membership: no seed answered yet " + seeds + "; waiting to join");
    }
    boolean earlierJoinersDone =
        others.values().stream()
            .noneMatch(
                r ->
                    r.info.status() == MemberStatus.JOINING
                        && r.state != NodeState.DOWN
                        && r.info.member().id().compareTo(self.id()) < 0);
    boolean waitedLongest = roundsWithoutTokens > 2 * settings.joinWaitRounds() + others.size();
    if (heardEnough && (earlierJoinersDone || waitedLongest)) {
      Ring joined = future();
      int owners = joined.members().size();
      MemberStatus status = streamsWhenJoining(owners) ? MemberStatus.JOINING : MemberStatus.NORMAL;
      if (status == MemberStatus.JOINING && future != null) {
        // One ring change at a time: a range a node leaving hands to a node joining would
        // otherwise fall, when it has left, to a node that received nothing.
        if (roundsWithoutTokens % NO_SEED_WARNING_ROUNDS == 0) {
          parts.events().accept("membership: another node is joining or leaving; waiting to join");
        }
        return;
      }
      long[] tokens = joined.tokensFor(self);
      heartbeat = heartbeatForNewInfo(heartbeat);
      selfInfo = new GossipInfo(self, status, heartbeat, tokens);
      save();
      rebuildRing();
      parts
          .events()
          .accept(
              "membership: chose "
                  + tokens.length
                  + " tokens on a ring of "
                  + owners
                  + " members; "
                  + (status == MemberStatus.NORMAL
                      ? "NORMAL"
                      : "JOINING until it has received its ranges"));
    }
  }

  /**
   * Whether a node joining a ring of {@code owners} members must receive its ranges before it
   * serves them. Not while the ring has fewer than N members: each of them then replicates every
   * key and still does after the join, so no acknowledged write loses a replica: the first N nodes
   * of a cluster started all at once join without streaming (the later ones stream, one at a time,
   * from a ring that holds no data yet).
   */
  private boolean streamsWhenJoining(int owners) {
    return owners >= config.replicationFactor();
  }

  /**
   * Whether this node may start a new cluster on its own: it is one of its seeds (or has none). A
   * node that is not waits for a seed, as it cannot tell a new cluster from an unreachable one.
   */
  private boolean selfIsSeed() {
    return seeds.isEmpty() || seeds.stream().anyMatch(seed -> seed.isAddressOf(self));
  }

  // ---------------------------------------------------------------- rounds

  private void round() {
    List<Destination> destinations;
    GossipSyn syn;
    synchronized (this) {
      if (closed) {
        return;
      }
      heartbeat++;
      maybeChooseTokens();
      destinations = destinations();
      syn = new GossipSyn(digests());
      nextRound = parts.scheduler().schedule(settings.intervalNanos(), this::round);
    }
    for (Destination destination : destinations) {
      RoundAnswer answer = startRound(destination);
      if (answer != null) {
        destination.send(syn, answer);
      }
    }
  }

  private List<GossipDigest> digests() {
    List<GossipDigest> digests = new ArrayList<>(others.size() + 1);
    digests.add(new GossipDigest(self.id(), generation, heartbeat));
    for (MemberRecord record : others.values()) {
      digests.add(record.digest());
    }
    return digests;
  }

  /** Who this round gossips with: see the class comment. Draws from the seeded random. */
  private List<Destination> destinations() {
    List<NodeId> live = new ArrayList<>();
    List<NodeId> down = new ArrayList<>();
    for (MemberRecord record : others.values()) {
      if (record.info.status() == MemberStatus.LEFT
          || record.info.status() == MemberStatus.REMOVED) {
        continue;
      }
      (record.state == NodeState.DOWN ? down : live).add(record.info.member().id());
    }
    Random random = parts.random();
    List<Destination> chosen = new ArrayList<>();
    Set<NodeId> picked = new HashSet<>();
    for (int i = 0; i < settings.fanout() && !live.isEmpty(); i++) {
      picked.add(live.remove(random.nextInt(live.size())));
    }
    if (!down.isEmpty() && random.nextInt(picked.size() + live.size() + 1) < down.size()) {
      picked.add(down.get(random.nextInt(down.size())));
    }
    List<NodeId> seedMembers = new ArrayList<>();
    for (HostPort seed : seeds) {
      NodeId member = memberAt(seed);
      if (member == null && !seed.isAddressOf(self)) {
        chosen.add(new SeedDestination(seed));
      } else if (member != null && !member.equals(self.id())) {
        seedMembers.add(member);
      }
    }
    boolean seedPicked = seedMembers.stream().anyMatch(picked::contains);
    if (!seedMembers.isEmpty() && !seedPicked && random.nextInt(others.size() + 1) < seeds.size()) {
      picked.add(seedMembers.get(random.nextInt(seedMembers.size())));
    }
    for (NodeId node : new TreeSet<>(picked)) {
      chosen.add(new MemberDestination(node));
    }
    return chosen;
  }

  private NodeId memberAt(HostPort address) {
    for (MemberRecord record : others.values()) {
      if (address.isAddressOf(record.info.member())) {
        return record.info.member().id();
      }
    }
    return address.isAddressOf(self) ? self.id() : null;
  }

  private RoundAnswer startRound(Destination destination) {
    RoundAnswer answer = new RoundAnswer(destination);
    if (inFlight.putIfAbsent(destination.key(), answer) != null) {
      return null;
    }
    answer.deadline = parts.scheduler().schedule(settings.intervalNanos(), answer::finish);
    return answer;
  }

  private synchronized void noteSeedAnswered() {
    seedAnswered = true;
  }

  // ---------------------------------------------------------------- liveness

  private void check() {
    synchronized (this) {
      if (closed) {
        return;
      }
      nextCheck = parts.scheduler().schedule(checkNanos(), this::check);
      if (!pastRings.isEmpty()) {
        refreshPendingRings(parts.clock().monotonicNanos());
      }
    }
    judge();
  }

  /**
   * Judges every member now; swaps in new node states if any judgement changed. A node that has
   * left judges no more: the others no longer gossip with it, so their silence says nothing.
   */
  private synchronized void judge() {
    if (selfInfo.status() == MemberStatus.LEFT || selfInfo.status() == MemberStatus.REMOVED) {
      return;
    }
    long now = parts.clock().monotonicNanos();
    long relayNanos = relayNanos();
    boolean changed = false;
    int gone = 0;
    for (MemberRecord record : others.values()) {
      if (hasGone(record)) {
        gone++;
        continue;
      }
      NodeId id = record.info.member().id();
      double phi = record.detector.phi(now, relayNanos);
      NodeState state = stateOf(phi, parts.evidence().suspects(id, now));
      if (state != record.state) {
        parts
            .events()
            .accept(
                String.format(
                    Locale.ROOT,
                    "membership: %s is %s (was %s, phi %.1f)",
                    id,
                    state,
                    record.state,
                    phi));
        record.state = state;
        changed = true;
      }
    }
    if (changed || gone != statesOmitGone) {
      Map<NodeId, NodeState> judged = new HashMap<>();
      others.forEach(
          (id, record) -> {
            if (!hasGone(record)) {
              judged.put(id, record.state);
            }
          });
      states = NodeStates.of(judged);
      statesOmitGone = gone;
    }
  }

  /**
   * How late a heartbeat may come because it was relayed: with more members than a round's fanout,
   * two members may not gossip with each other in a round, and each then hears the other's
   * heartbeat from a third one round later (in a round, every node asks its peers at about the same
   * moment, before they heard the news). One gossip interval then, so that a member missed by one
   * round is not convicted (the simulator caught it on five nodes: DOWN 1.8 s after the last
   * heartbeat); none in a cluster the fanout covers, where every round is direct.
   */
  private long relayNanos() {
    int live = 0;
    for (MemberRecord record : others.values()) {
      if (!hasGone(record)) {
        live++;
      }
    }
    return live > settings.fanout() ? settings.intervalNanos() : 0;
  }

  /** A member that left or was removed is no longer judged: it is expected to be stopped. */
  private static boolean hasGone(MemberRecord record) {
    MemberStatus status = record.info.status();
    return status == MemberStatus.LEFT || status == MemberStatus.REMOVED;
  }

  private NodeState stateOf(double phi, boolean suspectedByRequests) {
    if (phi >= settings.phiConvict()) {
      return NodeState.DOWN;
    }
    return phi >= settings.phiSuspect() || suspectedByRequests ? NodeState.SUSPECT : NodeState.UP;
  }

  private long checkNanos() {
    return TimeUnit.MILLISECONDS.toNanos(settings.checkIntervalMillis());
  }

  // ---------------------------------------------------------------- destinations and answers

  /** Where a round goes: a member by id, or a seed by address before its id is known. */
  private interface Destination {
    Object key();

    void send(Request request, ResponseHandler handler);

    boolean isSeed();
  }

  private final class MemberDestination implements Destination {
    private final NodeId node;

    MemberDestination(NodeId node) {
      this.node = node;
    }

    @Override
    public Object key() {
      return node;
    }

    @Override
    public void send(Request request, ResponseHandler handler) {
      parts.transport().send(node, request, handler);
    }

    @Override
    public boolean isSeed() {
      return false;
    }
  }

  private final class SeedDestination implements Destination {
    private final HostPort seed;

    SeedDestination(HostPort seed) {
      this.seed = seed;
    }

    @Override
    public Object key() {
      return seed;
    }

    @Override
    public void send(Request request, ResponseHandler handler) {
      parts.seedTransport().send(seed, request, handler);
    }

    @Override
    public boolean isSeed() {
      return true;
    }
  }

  /**
   * Merges the answer to one syn, sends the wanted states back, and frees the destination for the
   * next round; or frees it when the round's deadline passes first.
   */
  private final class RoundAnswer implements ResponseHandler {
    private final Destination destination;
    private volatile Scheduler.Cancellable deadline;

    RoundAnswer(Destination destination) {
      this.destination = destination;
    }

    @Override
    public void onResponse(Response response) {
      finish();
      if (response instanceof GossipAck ack) {
        if (destination.isSeed() || isSeedMember(destination.key())) {
          noteSeedAnswered();
        }
        merge(ack.states());
        if (!ack.wanted().isEmpty()) {
          List<GossipState> wanted = statesFor(ack.wanted());
          if (!wanted.isEmpty()) {
            destination.send(new GossipAck2(wanted), ResponseHandler.IGNORED);
          }
        }
      }
    }

    @Override
    public void onFailure(Throwable cause) {
      finish();
    }

    void finish() {
      inFlight.remove(destination.key(), this);
      Scheduler.Cancellable pending = deadline;
      if (pending != null) {
        pending.cancel();
      }
    }
  }

  private synchronized boolean isSeedMember(Object key) {
    MemberRecord record = key instanceof NodeId id ? others.get(id) : null;
    return record != null && seeds.stream().anyMatch(s -> s.isAddressOf(record.info.member()));
  }
}
