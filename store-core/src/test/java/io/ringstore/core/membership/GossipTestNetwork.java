package io.ringstore.core.membership;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.wire.GossipAck2;
import io.ringstore.core.wire.GossipSyn;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic network for gossip component tests: every message takes a fixed latency on one
 * {@link ManualScheduler}, so time moves only when a test advances it and a run depends on nothing
 * but the seeds of the memberships' random sources. Messages go straight to a node's {@link
 * MembershipService} (the only requests gossip sends), seeds are reached by address, a cut node
 * neither sends nor receives (no failure callback: a paused process or a partition), and every
 * delivered message is recorded for tests that inspect what travelled.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
final class GossipTestNetwork {
  /** Most messages recorded; a test that inspects traffic clears the record first. */
  static final int RECORDED_MAX = 1_000_000;

  /** One delivered message: a request, or the answer to one. */
  record Delivered(NodeId source, NodeId destination, Object message, long atNanos) {}

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final long latencyNanos;
  private final Map<NodeId, MembershipService> services = new HashMap<>();
  private final Map<HostPort, NodeId> addresses = new HashMap<>();
  private final Set<NodeId> cut = new HashSet<>();
  private final List<Delivered> delivered = new ArrayList<>();
  private boolean recording;

  GossipTestNetwork(long latencyMillis) {
    this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(latencyMillis);
  }

  ManualClock clock() {
    return clock;
  }

  ManualScheduler scheduler() {
    return scheduler;
  }

  /** Makes {@code member} reachable by id and address; replaces an earlier incarnation. */
  void register(Member member, MembershipService service) {
    services.put(member.id(), service);
    addresses.put(new HostPort(member.host(), member.port()), member.id());
  }

  /** Messages to and from {@code node} vanish from now on. */
  void cut(NodeId node) {
    cut.add(node);
  }

  /** Undoes {@link #cut}. */
  void heal(NodeId node) {
    cut.remove(node);
  }

  /** The transport {@code source} sends through. */
  Transport transport(NodeId source) {
    return (destination, request, handler) -> send(source, destination, request, handler);
  }

  /** The seed transport of {@code source}: an address nobody listens at swallows the request. */
  SeedTransport seedTransport(NodeId source) {
    return (seed, request, handler) -> {
      NodeId destination = addresses.get(seed);
      if (destination != null) {
        send(source, destination, request, handler);
      }
    };
  }

  /** Starts recording delivered messages, forgetting those recorded before. */
  void record() {
    delivered.clear();
    recording = true;
  }

  /** What was delivered since {@link #record}. */
  List<Delivered> delivered() {
    return List.copyOf(delivered);
  }

  /** Advances time by {@code millis}, delivering everything that falls due. */
  void advanceMillis(long millis) {
    scheduler.advance(millis, TimeUnit.MILLISECONDS);
  }

  private void send(NodeId source, NodeId destination, Request request, ResponseHandler handler) {
    scheduler.schedule(latencyNanos, () -> deliverRequest(source, destination, request, handler));
  }

  private void deliverRequest(
      NodeId source, NodeId destination, Request request, ResponseHandler handler) {
    MembershipService service = services.get(destination);
    if (service == null || cut.contains(source) || cut.contains(destination)) {
      return;
    }
    note(source, destination, request);
    Response response = answer(service, source, request);
    scheduler.schedule(latencyNanos, () -> deliverResponse(source, destination, response, handler));
  }

  private void deliverResponse(
      NodeId source, NodeId destination, Response response, ResponseHandler handler) {
    if (cut.contains(source) || cut.contains(destination)) {
      return;
    }
    note(destination, source, response);
    handler.onResponse(response);
  }

  private static Response answer(MembershipService service, NodeId source, Request request) {
    if (request instanceof GossipSyn syn) {
      return service.syn(source, syn);
    }
    if (request instanceof GossipAck2 ack2) {
      return service.ack2(source, ack2);
    }
    throw new IllegalArgumentException("gossip sends no " + request.getClass().getSimpleName());
  }

  private void note(NodeId source, NodeId destination, Object message) {
    if (recording && delivered.size() < RECORDED_MAX) {
      delivered.add(new Delivered(source, destination, message, clock.monotonicNanos()));
    }
  }
}
