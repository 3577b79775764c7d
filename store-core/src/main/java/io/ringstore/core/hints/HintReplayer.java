package io.ringstore.core.hints;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.net.TimedRequest;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.RangePushRequest;
import io.ringstore.core.wire.RepairEntry;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Replays the hints of a {@link HintStore} to their owners once the owners are up.
 *
 * <p>Every {@link Settings#intervalMillis} a round drops expired hints and, for each owner that
 * membership believes UP and that has no replay running, starts one: the owner's oldest hints go
 * out in batches of up to {@link Settings#batchMax} as {@link RangePushRequest}s (the owner stores
 * a batch with one group commit and answers once all of it is durable), at most {@link
 * Settings#inFlightMax} hints unanswered at a time, the next batch sent when an answer comes back,
 * until the owner has none left. A hint is deleted only after its owner acknowledged it ({@link
 * ReplicaPutResponse}, applied or already held); any other answer, a failure, or no answer within
 * {@link Settings#timeoutMillis} ends the owner's replay until the next round, and the hints stay
 * (an answer after the timeout is ignored; they are replayed again, harmlessly, since the owner
 * already holds them). An owner that refuses a batch as a bad request (one that does not serve
 * batches, or a batch over its limits) is sent that batch's hints one by one as plain {@link
 * ReplicaPutRequest}s, and an owner a batch failed on (an older node that does not know the message
 * closes the connection) gets all its hints one by one from then on; a single hint it refuses as a
 * bad request is dropped, since resending it first every round would hold the rest back. A replay
 * therefore costs the owner at most {@code inFlightMax} hints at a time, which is what keeps it
 * from starving foreground requests; a node that restarts resumes from its store, which survived on
 * disk, and an owner that restarts is replayed to once gossip sees it UP.
 *
 * <p>Threads: answers arrive on the transport's threads; the per-owner state is guarded by this
 * object's monitor, never held across a send.
 */
public final class HintReplayer {
  /**
   * How the replay runs.
   *
   * @param intervalMillis time between rounds
   * @param inFlightMax hints sent to one owner and not yet answered, at most
   * @param timeoutMillis how long an owner has to answer a batch
   * @param batchMax hints in one request, at most
   */
  public record Settings(long intervalMillis, int inFlightMax, long timeoutMillis, int batchMax) {
    /**
     * A round a second, 256 hints in flight per owner in batches of 64, ten seconds for an owner's
     * answer.
     */
    public static final Settings DEFAULTS = new Settings(1_000, 256, 10_000, 64);

    public Settings {
      if (intervalMillis < 1 || inFlightMax < 1 || timeoutMillis < 1 || batchMax < 1) {
        throw new IllegalArgumentException(
            "hint replay: interval "
                + intervalMillis
                + " ms, in-flight "
                + inFlightMax
                + ", timeout "
                + timeoutMillis
                + " ms and batch "
                + batchMax
                + " must be positive");
      }
    }
  }

  /**
   * When a replayed hint leaves the store. Production deletes it once its owner acknowledged it
   * ({@link #ON_ACKNOWLEDGEMENT}); the simulator's bite proof plants one that deletes it as it is
   * sent, which loses the write when the request is lost.
   */
  public interface Deletion {
    /** Deletes on the owner's acknowledgement only. */
    Deletion ON_ACKNOWLEDGEMENT =
        new Deletion() {
          @Override
          public void sent(HintStore store, HintStore.Hint hint) {}

          @Override
          public void acknowledged(HintStore store, HintStore.Hint hint) {
            store.delivered(hint);
          }
        };

    /** {@code hint} was just sent to its owner. */
    void sent(HintStore store, HintStore.Hint hint);

    /** {@code hint}'s owner acknowledged it. */
    void acknowledged(HintStore store, HintStore.Hint hint);
  }

  /** The most bytes of hints one batch carries, well inside a frame. */
  static final long BATCH_BYTES_MAX = 4L << 20;

  private final HintStore store;
  private final Transport transport;
  private final Supplier<NodeStates> states;
  private final Scheduler scheduler;
  private final Settings settings;
  private final Deletion deletion;
  private final Map<NodeId, Replay> running = new HashMap<>();

  /**
   * Owners a batch failed on (not refused: the request itself failed, as when an older node that
   * does not know the message closes the connection): they get hints one by one from then on.
   */
  private final Set<NodeId> singlesOnly = new HashSet<>();

  private boolean closed;

  /**
   * @param transport reaches the owners
   * @param states what membership believes of each node now
   */
  public HintReplayer(
      HintStore store,
      Transport transport,
      Supplier<NodeStates> states,
      Scheduler scheduler,
      Settings settings) {
    this(store, transport, states, scheduler, settings, Deletion.ON_ACKNOWLEDGEMENT);
  }

  /** A replayer that deletes hints as {@code deletion} says: for the simulator's bite proof. */
  public HintReplayer(
      HintStore store,
      Transport transport,
      Supplier<NodeStates> states,
      Scheduler scheduler,
      Settings settings,
      Deletion deletion) {
    this.deletion = Objects.requireNonNull(deletion, "deletion");
    this.store = Objects.requireNonNull(store, "store");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.states = Objects.requireNonNull(states, "states");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Starts the periodic rounds. */
  public void start() {
    scheduleRound();
  }

  /** Stops starting rounds; replays in flight end with their answers. */
  public synchronized void close() {
    closed = true;
  }

  private void scheduleRound() {
    scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(settings.intervalMillis()), this::round);
  }

  private void round() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    try {
      runRound();
    } finally {
      scheduleRound(); // one failed round must not end the replays for good
    }
  }

  /** One round now: drops expired hints, starts a replay to each UP owner that has none running. */
  public void runRound() {
    store.dropExpired();
    NodeStates now = states.get();
    for (NodeId owner : store.owners()) {
      if (now.stateOf(owner) == NodeState.UP) {
        Replay replay;
        synchronized (this) {
          if (closed || running.containsKey(owner)) {
            continue;
          }
          replay = new Replay(owner);
          running.put(owner, replay);
        }
        replay.sendMore();
      }
    }
  }

  /** Whether a replay to some owner is running; for tests and the simulator. */
  public synchronized boolean replaying() {
    return !running.isEmpty();
  }

  /** A hint and the write it holds. */
  private record Readable(HintStore.Hint hint, ReplicaPutRequest write) {}

  /** The replay of one owner's hints. */
  private final class Replay {
    private final NodeId owner;
    private final Set<Long> inFlight = new HashSet<>();
    private boolean stopped;

    Replay(NodeId owner) {
      this.owner = owner;
    }

    /** Sends the oldest hints not in flight, up to the bound; ends the replay if none are left. */
    void sendMore() {
      List<HintStore.Hint> next;
      synchronized (HintReplayer.this) {
        if (stopped || closed) {
          endIfIdle();
          return;
        }
        next = store.oldest(owner, settings.inFlightMax() - inFlight.size(), inFlight);
        next.forEach(hint -> inFlight.add(hint.sequence()));
        endIfIdle();
      }
      boolean batches;
      synchronized (HintReplayer.this) {
        batches = !singlesOnly.contains(owner);
      }
      int from = 0;
      while (from < next.size()) {
        int to = batches ? batchEnd(next, from) : from + 1;
        if (to - from == 1) {
          sendOne(next.get(from));
        } else {
          sendBatch(next.subList(from, to));
        }
        from = to;
      }
    }

    /**
     * The end of the batch starting at {@code from}: at most {@link Settings#batchMax} hints and
     * {@link #BATCH_BYTES_MAX} bytes (a hint larger than that goes alone).
     */
    private int batchEnd(List<HintStore.Hint> hints, int from) {
      int to = from;
      long bytes = 0;
      while (to < hints.size()
          && to - from < settings.batchMax()
          && (to == from || bytes + hints.get(to).bytes() <= BATCH_BYTES_MAX)) {
        bytes += hints.get(to).bytes();
        to++;
      }
      return to;
    }

    /** The writes of {@code hints}; unreadable ones are dropped and answered as not delivered. */
    private List<Readable> readable(List<HintStore.Hint> hints) {
      List<Readable> writes = new ArrayList<>(hints.size());
      for (HintStore.Hint hint : hints) {
        ReplicaPutRequest write;
        try {
          write = store.writeOf(hint);
        } catch (RuntimeException unreadable) {
          write = null;
        }
        if (write == null) {
          // Unreadable, or an index entry with nothing behind it: dropped, and this replay ends
          // (no loop through sendMore); the next round goes on with the rest.
          store.drop(hint);
          answered(List.of(hint), false);
        } else {
          writes.add(new Readable(hint, write));
        }
      }
      return writes;
    }

    private void sendBatch(List<HintStore.Hint> hints) {
      List<Readable> writes = readable(hints);
      if (writes.isEmpty()) {
        return;
      }
      List<RepairEntry> entries = new ArrayList<>(writes.size());
      List<HintStore.Hint> sent = new ArrayList<>(writes.size());
      for (Readable readable : writes) {
        entries.add(
            new RepairEntry(readable.write().key(), new Versioned[] {readable.write().version()}));
        sent.add(readable.hint());
      }
      // An owner that does not take batches (or not this one) gets the hints one by one.
      request(new RangePushRequest(entries), sent, refused -> sent.forEach(this::sendOne));
    }

    private void sendOne(HintStore.Hint hint) {
      List<Readable> writes = readable(List.of(hint));
      if (!writes.isEmpty()) {
        request(writes.get(0).write(), List.of(hint), refused -> dropRefused(hint));
      }
    }

    /**
     * The owner refuses the write itself (e.g. over its value limit): it never will take it, and
     * resending it first every round would hold the rest back.
     */
    private void dropRefused(HintStore.Hint hint) {
      store.drop(hint);
      answered(List.of(hint), true);
    }

    /**
     * Sends {@code request} carrying {@code hints}: an acknowledgement deletes them all; a refusal
     * of the request itself (BAD_REQUEST) goes to {@code onRefusal}, the hints still in flight;
     * anything else, a failure or no answer in time ends the replay with the hints kept.
     */
    private void request(
        Request request, List<HintStore.Hint> hints, Consumer<ErrorResponse> onRefusal) {
      TimedRequest.send(
          transport,
          scheduler,
          owner,
          request,
          TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis()),
          new TimedRequest.Outcome() {
            @Override
            public void onResponse(Response response) {
              if (response instanceof ReplicaPutResponse) {
                hints.forEach(hint -> deletion.acknowledged(store, hint));
                answered(hints, true);
              } else if (response instanceof ErrorResponse error
                  && error.code() == ErrorCode.BAD_REQUEST) {
                onRefusal.accept(error);
              } else {
                answered(hints, false);
              }
            }

            @Override
            public void onFailure(Throwable cause) {
              if (request instanceof RangePushRequest) {
                synchronized (HintReplayer.this) {
                  singlesOnly.add(owner);
                }
              }
              answered(hints, false);
            }

            @Override
            public void onTimeout() {
              answered(hints, false); // a lost request or a silent owner: the hints stay
            }
          });
      hints.forEach(hint -> deletion.sent(store, hint));
    }

    private void answered(List<HintStore.Hint> hints, boolean acknowledged) {
      synchronized (HintReplayer.this) {
        hints.forEach(hint -> inFlight.remove(hint.sequence()));
        stopped |= !acknowledged;
      }
      sendMore();
    }

    /** Called holding the monitor: a replay with nothing in flight is over. */
    private void endIfIdle() {
      if (inFlight.isEmpty()) {
        running.remove(owner, this);
      }
    }
  }
}
