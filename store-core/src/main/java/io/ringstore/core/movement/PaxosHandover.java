package io.ringstore.core.movement;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.TimedRequest;
import io.ringstore.core.net.Transport;
import io.ringstore.core.replica.AcceptorStates;
import io.ringstore.core.ring.RangeTransfers;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.PaxosStatesPush;
import io.ringstore.core.wire.PaxosStatesRequest;
import io.ringstore.core.wire.PaxosStatesResponse;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Hands the Paxos acceptor state of moving ranges over, before their data streams.
 *
 * <p><b>Why.</b> A conditional write is linearizable because any two Paxos rounds on a key share an
 * acceptor that remembers the earlier one. While a range moves, every round needs a majority of the
 * key's old replicas and of its new ones ({@code ConditionalCoordination}), but once the move is
 * done only the new replicas are asked, and a replica new to the key knows nothing of the rounds
 * that ended before the move began: a fenced write's fence (a stale lock holder's write would be
 * applied), the identities of recent writes, a proposal a majority accepted whose commit never
 * came. The data stream carries none of these; they live in the acceptors' state.
 *
 * <p><b>How.</b> The node that gains a range (a join, a removal) pulls, from each peer of the
 * transfer (the range's replicas before the move), the peer's states of the range's keys page by
 * page and merges each into its own ({@link io.ringstore.core.wire.AcceptorState#mergedWith}: the
 * higher promise, the proposal accepted under the higher ballot). The node that gives a range up (a
 * decommission) pushes its states to each peer (the range's new replicas), which merges them. So
 * after a join the new replica's state of every key dominates each old replica's; after a
 * decommission the gainers' dominate the leaver's; after a removal the gainer's dominates the
 * surviving replicas'. A merge only raises an acceptor to a state an acceptor that took part in
 * both acceptors' rounds could be in, so it is safe at any time and idempotent: a movement run
 * again merges again.
 *
 * <p>One (range, peer) at a time, one request in flight; local scans and merges run on the work
 * executor. Every request has a timeout; a failure, a timeout or an error answer ends the handover
 * as failed, and the movement runs it again at its next tick.
 */
public final class PaxosHandover {
  /** Which way state moves: to this node, or from it. */
  public enum Direction {
    /** This node gains the ranges: it pulls each peer's states and merges them into its own. */
    PULL,
    /** This node gives the ranges up: it pushes its states to each peer, which merges them. */
    PUSH
  }

  /**
   * How a handover went.
   *
   * @param statesReceived the keys' states this node merged from its peers
   * @param statesSent the keys' states this node's peers merged from it
   * @param failureOrNull why it stopped before syncing every range with every peer; null if it did
   */
  public record Outcome(long statesReceived, long statesSent, String failureOrNull) {}

  private final AcceptorStates states;
  private final Transport transport;
  private final Scheduler scheduler;
  private final Executor work;
  private final long timeoutNanos;

  /**
   * @param states this node's acceptor states
   * @param work where local scans and merges run: a background thread, never an event loop
   * @param timeoutNanos how long a peer has to answer one request
   */
  public PaxosHandover(
      AcceptorStates states,
      Transport transport,
      Scheduler scheduler,
      Executor work,
      long timeoutNanos) {
    this.states = Objects.requireNonNull(states, "states");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.work = Objects.requireNonNull(work, "work");
    if (timeoutNanos < 1) {
      throw new IllegalArgumentException("timeout " + timeoutNanos + " ns must be positive");
    }
    this.timeoutNanos = timeoutNanos;
  }

  /**
   * Moves the state of each transfer's range from or to each of its peers, as {@code direction}
   * says; {@code done} hears once, on any thread, how it went.
   */
  public void handOver(
      List<RangeTransfers.Transfer> transfers, Direction direction, Consumer<Outcome> done) {
    List<Pair> pairs = new ArrayList<>();
    for (RangeTransfers.Transfer transfer : transfers) {
      for (NodeId peer : transfer.peers()) {
        pairs.add(new Pair(transfer.range(), peer));
      }
    }
    Run run = new Run(pairs, direction, done);
    run.onWork(null, run::next);
  }

  /** One range to sync with one peer. */
  private record Pair(TokenRange range, NodeId peer) {}

  /** One handover: its pairs, synced one after another, and its counts. */
  private final class Run {
    private final List<Pair> pairs;
    private final Direction direction;
    private final Consumer<Outcome> done;
    private boolean ended;
    private int next;
    private long received;
    private long sent;

    Run(List<Pair> pairs, Direction direction, Consumer<Outcome> done) {
      this.pairs = pairs;
      this.direction = direction;
      this.done = done;
    }

    /** Syncs the next pair, or reports success when none is left. */
    void next() {
      if (next == pairs.size()) {
        end(null);
        return;
      }
      Pair pair = pairs.get(next++);
      if (direction == Direction.PULL) {
        pull(pair, pair.range());
      } else {
        onWork(pair, () -> push(pair, pair.range()));
      }
    }

    /**
     * Asks the peer for its states of {@code rest}, the part of the pair's range not yet pulled,
     * merges them, and goes on.
     */
    private void pull(Pair pair, TokenRange rest) {
      request(
          pair,
          new PaxosStatesRequest(rest),
          PaxosStatesResponse.class,
          page ->
              states.mergeAll(
                  page.states(), failure -> onWork(pair, () -> merged(pair, rest, page, failure))));
    }

    /**
     * After a pulled page's states were merged (on the work executor: a merge may tell from inside
     * the acceptor's lock): pulls the rest of the range, or goes on.
     */
    private void merged(
        Pair pair, TokenRange rest, PaxosStatesResponse page, RuntimeException failure) {
      if (failure != null) {
        fail("merging " + pair.peer() + "'s Paxos states failed: " + failure);
        return;
      }
      synchronized (this) {
        received += page.states().size();
      }
      TokenRange after = after(pair.range(), rest, page);
      if (after == null) {
        next();
      } else {
        pull(pair, after);
      }
    }

    /** Pushes this node's states of {@code rest} to the peer, a page at a time, then goes on. */
    private void push(Pair pair, TokenRange rest) {
      PaxosStatesResponse page = states.pageOf(rest);
      if (page.states().isEmpty()) {
        next();
        return;
      }
      request(
          pair,
          new PaxosStatesPush(page.states()),
          ReplicaPutResponse.class,
          stored -> {
            synchronized (this) {
              sent += page.states().size();
            }
            TokenRange after = after(pair.range(), rest, page);
            onWork(pair, after == null ? this::next : () -> push(pair, after));
          });
    }

    private void fail(String why) {
      end(why);
    }

    /** Tells {@code done} how the run went, once. */
    private void end(String failureOrNull) {
      Outcome outcome;
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
        outcome = new Outcome(received, sent, failureOrNull);
      }
      done.accept(outcome);
    }

    /**
     * What of {@code range} is left after {@code page} of {@code rest}: null when the page was the
     * last. A range is scanned from its start in token order (a whole-ring range from the lowest
     * token), so the rest is what lies after the page's last token, up to the range's end.
     */
    private TokenRange after(TokenRange range, TokenRange rest, PaxosStatesResponse page) {
      if (!page.truncated()) {
        return null;
      }
      long end = range.isFull() ? Long.MIN_VALUE : range.endInclusive();
      TokenRange after = new TokenRange(page.lastToken(), end);
      if (page.lastToken() == end || after.equals(rest)) {
        return null; // nothing after the last token (a page cannot end past the range)
      }
      return after;
    }

    /**
     * Sends {@code request} to the pair's peer; an answer of type {@code expected} goes to {@code
     * then} on the work executor; anything else, a failure or no answer in time fails the run.
     */
    private <T extends Response> void request(
        Pair pair, Request request, Class<T> expected, Consumer<T> then) {
      String what = request.getClass().getSimpleName();
      TimedRequest.send(
          transport,
          scheduler,
          pair.peer(),
          request,
          timeoutNanos,
          new TimedRequest.Outcome() {
            @Override
            public void onResponse(Response response) {
              if (expected.isInstance(response)) {
                onWork(pair, () -> then.accept(expected.cast(response)));
              } else if (response instanceof ErrorResponse error) {
                fail(pair.peer() + " refused " + what + ": " + error.message());
              } else {
                fail(pair.peer() + " answered " + what + " with " + response);
              }
            }

            @Override
            public void onFailure(Throwable cause) {
              fail(what + " to " + pair.peer() + " failed: " + cause);
            }

            @Override
            public void onTimeout() {
              fail(pair.peer() + " did not answer " + what + " in time");
            }
          });
    }

    /**
     * Runs {@code step} (of {@code pair}, or null before the first) on the work executor; a step
     * that throws fails the run.
     */
    void onWork(Pair pair, Runnable step) {
      try {
        work.execute(
            () -> {
              try {
                step.run();
              } catch (RuntimeException e) {
                fail(
                    "handing Paxos states"
                        + (pair == null ? "" : " of " + pair.range())
                        + " over failed: "
                        + e);
              }
            });
      } catch (RejectedExecutionException e) {
        fail("the work executor refused the Paxos handover: " + e);
      }
    }
  }
}
