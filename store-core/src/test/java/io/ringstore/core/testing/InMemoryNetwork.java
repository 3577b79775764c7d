package io.ringstore.core.testing;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A network of nodes in one thread, driven by the test: sends only queue a delivery, and nothing
 * arrives until the test calls {@link #deliverOne} or {@link #runUntilQuiescent}. The seed of the
 * deterministic simulator (DESIGN.md): deliveries are picked from the pending set by a seeded
 * random source, so messages reorder freely yet a run replays exactly from its seed, and every step
 * lands in an {@link #log event log}.
 *
 * <p>Faults are rules per node, applied when a message is delivered:
 *
 * <ul>
 *   <li>{@link #silence}: requests to the node and answers from it vanish, with no failure
 *       callback: a crashed or partitioned node, found out only by a deadline;
 *   <li>{@link #refuse}: requests to the node fail at once through {@link
 *       ResponseHandler#onFailure}: a refused connection;
 *   <li>{@link #holdResponsesFrom}: the node serves requests, but its answers wait until {@link
 *       #releaseHeld}: a slow node whose answers arrive late.
 * </ul>
 *
 * <p>Time is not modelled here: tests advance a {@code ManualScheduler} between runs. Later the
 * simulator adds delays, duplicates, partitions and crashes from the same seed, and an encode and
 * decode of each message through the frame codec.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class InMemoryNetwork {
  /** Most deliveries one {@link #runUntilQuiescent} makes before it declares a livelock. */
  public static final int DELIVERIES_PER_RUN_MAX = 1_000_000;

  /** Most messages in flight at once; more means a runaway loop in the code under test. */
  public static final int PENDING_MAX = 100_000;

  /** Most log entries kept; older ones are dropped first. */
  public static final int LOG_ENTRIES_MAX = 10_000;

  /** A fault rule for one node. */
  private enum Rule {
    SILENT,
    REFUSE,
    HOLD_RESPONSES
  }

  private final Random random;
  private final Map<NodeId, RequestHandler> handlers = new HashMap<>();
  private final Map<NodeId, Rule> rules = new HashMap<>();
  private final List<Delivery> pending = new ArrayList<>();
  private final List<Delivery> held = new ArrayList<>();
  private final Deque<String> log = new ArrayDeque<>();
  private long messagesSent;
  private long deliveries;

  /** A network whose delivery order follows {@code seed}. */
  public InMemoryNetwork(long seed) {
    this.random = new Random(seed);
  }

  /** Makes {@code node} reachable: requests sent to it go to {@code handler}. */
  public void register(NodeId node, RequestHandler handler) {
    if (handlers.putIfAbsent(node, handler) != null) {
      throw new IllegalArgumentException("node " + node + " is registered twice");
    }
  }

  /** The transport {@code node} sends through; its requests reach handlers with it as source. */
  public Transport transport(NodeId node) {
    return (destination, request, handler) -> send(node, destination, request, handler);
  }

  /** A transport for a client: its requests reach handlers with a null source. */
  public Transport clientTransport() {
    return (destination, request, handler) -> send(null, destination, request, handler);
  }

  /** Requests to {@code node} and its answers vanish without a failure callback. */
  public void silence(NodeId node) {
    rules.put(node, Rule.SILENT);
  }

  /** Requests to {@code node} fail through {@link ResponseHandler#onFailure}. */
  public void refuse(NodeId node) {
    rules.put(node, Rule.REFUSE);
  }

  /** {@code node} serves requests, but its answers wait until {@link #releaseHeld}. */
  public void holdResponsesFrom(NodeId node) {
    rules.put(node, Rule.HOLD_RESPONSES);
  }

  /** Removes {@code node}'s rule; answers already held stay held until {@link #releaseHeld}. */
  public void heal(NodeId node) {
    rules.remove(node);
  }

  /** Lifts every hold rule and puts the held answers back in flight, for the next run. */
  public void releaseHeld() {
    rules.values().removeIf(rule -> rule == Rule.HOLD_RESPONSES);
    record("release " + held.size() + " held answers");
    pending.addAll(held);
    held.clear();
  }

  /** Delivers one pending message, picked by the seeded random source; false if none is. */
  public boolean deliverOne() {
    if (pending.isEmpty()) {
      return false;
    }
    Delivery next = pending.remove(random.nextInt(pending.size()));
    deliveries++;
    deliver(next);
    return true;
  }

  /** Delivers until nothing is in flight (held answers stay held); returns how many it made. */
  public long runUntilQuiescent() {
    long before = deliveries;
    runUntil(() -> false);
    return deliveries - before;
  }

  /**
   * Delivers until {@code done} holds or nothing is in flight; returns whether {@code done} holds.
   * Lets a test act in the middle of traffic, such as reading while a write's last copies are still
   * on their way.
   */
  public boolean runUntil(BooleanSupplier done) {
    int made = 0;
    while (!done.getAsBoolean() && deliverOne()) {
      if (++made > DELIVERIES_PER_RUN_MAX) {
        throw new IllegalStateException(
            "still delivering after "
                + DELIVERIES_PER_RUN_MAX
                + " messages: a livelock? "
                + tail());
      }
    }
    return done.getAsBoolean();
  }

  /** Messages in flight, not counting held answers. */
  public int pendingCount() {
    return pending.size();
  }

  /** Answers held back by {@link #holdResponsesFrom}. */
  public int heldCount() {
    return held.size();
  }

  /** Every delivery so far. */
  public long deliveries() {
    return deliveries;
  }

  /** The latest {@link #LOG_ENTRIES_MAX} events, oldest first. */
  public List<String> log() {
    return List.copyOf(log);
  }

  private void send(NodeId source, NodeId destination, Request request, ResponseHandler handler) {
    long id = ++messagesSent;
    record("#" + id + " send " + name(source) + " -> " + destination + " " + describe(request));
    enqueue(new RequestDelivery(id, source, destination, request, handler));
  }

  private void enqueue(Delivery delivery) {
    if (pending.size() >= PENDING_MAX) {
      throw new IllegalStateException(PENDING_MAX + " messages in flight: a runaway? " + tail());
    }
    pending.add(delivery);
  }

  private void record(String event) {
    if (log.size() == LOG_ENTRIES_MAX) {
      log.removeFirst();
    }
    log.addLast(event);
  }

  private String tail() {
    return "last event: " + log.peekLast();
  }

  private static String name(NodeId node) {
    return node == null ? "client" : node.value();
  }

  private static String describe(Object message) {
    return message.getClass().getSimpleName();
  }

  private void deliver(Delivery delivery) {
    if (delivery instanceof RequestDelivery request) {
      deliverRequest(request);
    } else if (delivery instanceof ResponseDelivery response) {
      deliverResponse(response);
    } else {
      FailureDelivery failure = (FailureDelivery) delivery;
      record("#" + failure.id() + " fail: " + failure.cause().getMessage());
      failure.handler().onFailure(failure.cause());
    }
  }

  private void deliverRequest(RequestDelivery delivery) {
    String prefix = "#" + delivery.id() + " ";
    NodeId destination = delivery.destination();
    Rule rule = rules.get(destination);
    RequestHandler target = handlers.get(destination);
    if (rule == Rule.SILENT) {
      record(prefix + "drop at silent " + destination);
    } else if (rule == Rule.REFUSE || target == null) {
      String reason = "connection to " + destination + " refused";
      enqueue(new FailureDelivery(delivery.id(), new ConnectException(reason), delivery.handler()));
    } else {
      record(prefix + "deliver to " + destination + " " + describe(delivery.request()));
      target.handle(delivery.source(), delivery.request(), respondOnce(delivery));
    }
  }

  /** Queues the handler's answer; a second answer to one request is a bug in the handler. */
  private Consumer<Response> respondOnce(RequestDelivery delivery) {
    boolean[] answered = {false};
    return response -> {
      if (answered[0]) {
        throw new IllegalStateException(
            delivery.destination() + " answered message #" + delivery.id() + " twice");
      }
      answered[0] = true;
      record("#" + delivery.id() + " answer " + delivery.destination() + " " + describe(response));
      enqueue(
          new ResponseDelivery(
              delivery.id(),
              delivery.source(),
              delivery.destination(),
              response,
              delivery.handler()));
    };
  }

  private void deliverResponse(ResponseDelivery delivery) {
    String prefix = "#" + delivery.id() + " ";
    Rule rule = rules.get(delivery.responder());
    if (rule == Rule.SILENT) {
      record(prefix + "drop answer of silent " + delivery.responder());
    } else if (rule == Rule.HOLD_RESPONSES) {
      record(prefix + "hold answer of " + delivery.responder());
      held.add(delivery);
    } else {
      record(prefix + "deliver answer to " + name(delivery.requester()));
      delivery.handler().onResponse(delivery.response());
    }
  }

  /** A message in flight. */
  private sealed interface Delivery permits RequestDelivery, ResponseDelivery, FailureDelivery {}

  private record RequestDelivery(
      long id, NodeId source, NodeId destination, Request request, ResponseHandler handler)
      implements Delivery {}

  private record ResponseDelivery(
      long id, NodeId requester, NodeId responder, Response response, ResponseHandler handler)
      implements Delivery {}

  private record FailureDelivery(long id, ConnectException cause, ResponseHandler handler)
      implements Delivery {}
}
