package io.ringstore.core.simulation;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.membership.SeedTransport;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.DecodeResult;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.Message;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.net.ConnectException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The network between simulated nodes and clients. Every message, request or answer, travels on its
 * own with a latency drawn from {@link NetworkFaults} (a base plus an exponential tail, so messages
 * reorder), may be lost, and may be duplicated. A node answers each copy of a request it receives;
 * like a real transport matching answers to request ids, the sender hears only the first answer to
 * each request and the network discards the rest.
 *
 * <p>Partitions are a set of blocked directed links, checked when a message arrives: a message in
 * flight when a link is cut is lost. A request to a node that is down is refused, and the refusal
 * travels back like an answer. Answers to a node that crashed since it sent the request are
 * dropped. Clients (a null source) are never partitioned.
 *
 * <p><b>The real codec.</b> Every message is encoded into a frame by the production {@link
 * FrameCodec} when sent, and each delivered copy is decoded from those bytes on arrival: a message
 * the codec cannot carry fails the run where it is sent, and the receiver of each copy gets its own
 * objects, sharing nothing with the sender or with the other copy. The frame's request id is the
 * message number {@code #n} of the log.
 *
 * <p><b>Seeds.</b> Membership reaches seeds by address ({@link #seedTransport}); the network finds
 * the node listening there, as a connection would, and the message then travels like any other. A
 * real connection first names its sender with a {@code PeerHello}; here every message carries its
 * sender's id, which is what the handshake establishes.
 */
final class SimulatedNetwork {
  private final EventQueue events;
  private final EventLog log;
  private final Random random;
  private final Map<NodeId, SimulatedNode> nodes;
  private final Set<Link> blocked = new HashSet<>();
  private final Map<NodeId, ServiceEndpoint> serviceClients = new HashMap<>();

  /**
   * One codec per thread, shared by the runs on it: building Kryo's registrations costs more than a
   * run's encoding. A codec keeps no state between frames, so sharing changes no run.
   */
  private static final ThreadLocal<FrameCodec> CODECS =
      ThreadLocal.withInitial(() -> new FrameCodec(FrameLimits.defaults()));

  private final FrameCodec codec = CODECS.get();
  private NetworkFaults faults;
  private long messagesSent;

  SimulatedNetwork(Simulator.Parts parts, Map<NodeId, SimulatedNode> nodes, NetworkFaults faults) {
    this.events = parts.events();
    this.log = parts.log();
    this.random = parts.random();
    this.nodes = nodes;
    this.faults = faults;
  }

  /** The transport {@code source} sends through; null for a client. */
  Transport transport(NodeId source) {
    return (destination, request, handler) -> send(source, destination, request, handler);
  }

  /** The transport {@code source} reaches its seeds through, by address. */
  SeedTransport seedTransport(NodeId source) {
    return (seed, request, handler) -> send(source, listenerAt(seed), request, handler);
  }

  /** Replaces the loss and duplication probabilities, as of now; latency stays. */
  void setLoss(double dropProbability, double duplicateProbability) {
    this.faults = faults.withLoss(dropProbability, duplicateProbability);
  }

  /** Cuts the link from {@code from} to {@code to}: one way. */
  void block(NodeId from, NodeId to) {
    blocked.add(new Link(from, to));
    log.record("sim", "block " + from + " -> " + to);
  }

  /** Restores every link. */
  void healAll() {
    blocked.clear();
    log.record("sim", "heal all links");
  }

  private void send(NodeId source, NodeId destination, Request request, ResponseHandler handler) {
    long id = ++messagesSent;
    Exchange exchange = new Exchange(id, source, incarnationOf(source), destination, handler);
    byte[] frame = codec.encode(id, request);
    log.record(name(source), "send #" + id + " " + describe(request, frame) + " to " + destination);
    boolean once = source == null && request instanceof ConditionalRequest;
    transmit(name(source), "#" + id, once, () -> deliverRequest(exchange, (Request) decode(frame)));
  }

  /** Makes {@code address} a {@link SimulatedService} client that messages can reach. */
  void addClient(NodeId address, ServiceEndpoint endpoint) {
    if (nodes.containsKey(address) || serviceClients.putIfAbsent(address, endpoint) != null) {
      throw new IllegalArgumentException("address " + address + " is taken");
    }
  }

  /**
   * Sends a {@link SimulatedService} message one way, under the same faults as a request. It is not
   * a wire message: it bypasses the codec, and a node that is down drops it.
   */
  void post(NodeId from, NodeId to, Object message) {
    long id = ++messagesSent;
    log.record(from.value(), "post #" + id + " " + describe(message) + " to " + to);
    transmit(from.value(), "#" + id, false, () -> deliverPost(id, from, to, message));
  }

  private void deliverPost(long id, NodeId from, NodeId to, Object message) {
    if (deferredWhilePaused(to, () -> deliverPost(id, from, to, message))) {
      return;
    }
    String what = "#" + id;
    SimulatedNode node = nodes.get(to);
    if (isBlocked(from, to)) {
      log.record(to.value(), "drop " + what + " on a cut link");
    } else if (node == null) {
      log.record(to.value(), "deliver " + what + " " + describe(message));
      serviceClients.get(to).receive(from, message);
    } else if (!node.isUp()) {
      log.record(to.value(), "drop " + what + ": node down");
    } else {
      log.record(to.value(), "deliver " + what + " " + describe(message));
      node.serviceEndpoint().receive(from, message);
    }
  }

  /**
   * Loses, delivers once or delivers twice, each copy after its own latency; {@code once}: never
   * twice. A client's conditional request is never duplicated: it is not idempotent (a copy that
   * arrives after other writes may apply where the first did not, and the client hears only the
   * first answer), a client sends each request once on its connection, and TCP does not duplicate;
   * the client's retries carry the write's identity instead, which the store recognizes.
   */
  private void transmit(String sender, String what, boolean once, Runnable delivery) {
    if (random.nextDouble() < faults.dropProbability()) {
      log.record(sender, "lose " + what);
      return;
    }
    boolean duplicate = random.nextDouble() < faults.duplicateProbability() && !once;
    int copies = duplicate ? 2 : 1;
    if (copies == 2) {
      log.record(sender, "duplicate " + what);
    }
    for (int i = 0; i < copies; i++) {
      events.schedule(faults.latencyNanos(random), delivery);
    }
  }

  /**
   * Runs {@code delivery} now, or when {@code node} resumes if it is paused: a stopped process
   * reads what its connections buffered only when it runs again.
   */
  private boolean deferredWhilePaused(NodeId node, Runnable delivery) {
    SimulatedNode simulated = node == null ? null : nodes.get(node);
    long pausedNanos = simulated == null || !simulated.isUp() ? 0 : simulated.pausedForNanos();
    if (pausedNanos > 0) {
      events.schedule(pausedNanos, delivery);
      return true;
    }
    return false;
  }

  private void deliverRequest(Exchange exchange, Request request) {
    if (deferredWhilePaused(exchange.destination, () -> deliverRequest(exchange, request))) {
      return;
    }
    String what = "#" + exchange.id;
    SimulatedNode target = nodes.get(exchange.destination);
    if (isBlocked(exchange.source, exchange.destination)) {
      log.record(exchange.destination.value(), "drop " + what + " on a cut link");
    } else if (target == null || !target.isUp()) {
      log.record(exchange.destination.value(), "refuse " + what);
      ConnectException refused =
          new ConnectException("connection to " + exchange.destination + " refused");
      events.schedule(faults.latencyNanos(random), () -> deliverRefusal(exchange, refused));
    } else {
      log.record(exchange.destination.value(), "deliver " + what + " " + describe(request));
      target.handler().handle(exchange.source, request, answerOnce(exchange));
    }
  }

  /** The responder's callback for one delivered copy; a second answer to it is a bug. */
  private Consumer<Response> answerOnce(Exchange exchange) {
    boolean[] answered = {false};
    return response -> {
      if (answered[0]) {
        throw new IllegalStateException(
            exchange.destination + " answered #" + exchange.id + " twice");
      }
      answered[0] = true;
      String what = "answer #" + exchange.id;
      byte[] frame = codec.encode(exchange.id, response);
      log.record(exchange.destination.value(), what + " " + describe(response, frame));
      transmit(
          exchange.destination.value(),
          what,
          false,
          () -> deliverAnswer(exchange, (Response) decode(frame)));
    };
  }

  private void deliverAnswer(Exchange exchange, Response response) {
    if (deferredWhilePaused(exchange.source, () -> deliverAnswer(exchange, response))) {
      return;
    }
    String what = "answer #" + exchange.id;
    if (isBlocked(exchange.destination, exchange.source)) {
      log.record(name(exchange.source), "drop " + what + " on a cut link");
    } else if (!requesterAlive(exchange)) {
      log.record(name(exchange.source), "drop " + what + ": requester restarted or down");
    } else if (exchange.answered) {
      log.record(name(exchange.source), "discard repeated " + what);
    } else {
      exchange.answered = true;
      log.record(name(exchange.source), "receive " + what + " " + describe(response));
      exchange.handler.onResponse(response);
    }
  }

  private void deliverRefusal(Exchange exchange, ConnectException refused) {
    if (deferredWhilePaused(exchange.source, () -> deliverRefusal(exchange, refused))) {
      return;
    }
    if (requesterAlive(exchange) && !exchange.answered) {
      exchange.answered = true;
      log.record(name(exchange.source), "refused #" + exchange.id);
      exchange.handler.onFailure(refused);
    }
  }

  /** One copy's own objects, decoded from the frame; a frame the codec rejects fails the run. */
  private Message decode(byte[] frame) {
    DecodeResult result = codec.decode(frame);
    if (result instanceof DecodeResult.Decoded decoded) {
      return decoded.frame().message();
    }
    throw new IllegalStateException(
        "the codec cannot decode a frame it encoded: " + ((DecodeResult.Failed) result).error());
  }

  /** The node listening at {@code seed}; an address nobody listens at is a test's mistake. */
  private NodeId listenerAt(HostPort seed) {
    for (SimulatedNode node : nodes.values()) {
      if (seed.isAddressOf(node.self())) {
        return node.id();
      }
    }
    throw new IllegalArgumentException("no simulated node listens at seed " + seed);
  }

  private boolean requesterAlive(Exchange exchange) {
    return exchange.source == null || incarnationOf(exchange.source) == exchange.sourceIncarnation;
  }

  private int incarnationOf(NodeId node) {
    SimulatedNode simulated = node == null ? null : nodes.get(node);
    return simulated == null || !simulated.isUp() ? -1 : simulated.incarnation();
  }

  private boolean isBlocked(NodeId from, NodeId to) {
    return from != null && to != null && blocked.contains(new Link(from, to));
  }

  private static String name(NodeId node) {
    return node == null ? "client" : node.value();
  }

  private static String describe(Object message) {
    return message.getClass().getSimpleName();
  }

  private static String describe(Message message, byte[] frame) {
    return describe(message) + " (" + frame.length + " bytes)";
  }

  private record Link(NodeId from, NodeId to) {}

  /** One request and its answer: who asked, which incarnation, and whether it heard back. */
  private static final class Exchange {
    private final long id;
    private final NodeId source;
    private final int sourceIncarnation;
    private final NodeId destination;
    private final ResponseHandler handler;
    private boolean answered;

    Exchange(
        long id,
        NodeId source,
        int sourceIncarnation,
        NodeId destination,
        ResponseHandler handler) {
      this.id = id;
      this.source = source;
      this.sourceIncarnation = sourceIncarnation;
      this.destination = destination;
      this.handler = handler;
    }
  }
}
