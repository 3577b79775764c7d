package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.Transport;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.Fence;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.LockResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Clients of one lock: each session acquires it through a random node, writes a key (or one of
 * several keys) guarded by its fencing token a few times (sometimes stalling past its lease first,
 * as a paused process would), renews now and then, and releases it, or abandons it for its lease to
 * run out. What they were answered goes to the {@link LockHistory}, judged by the {@link
 * LockChecker}.
 */
final class LockClients {
  /** The lock every session contends for. */
  static final String LOCK = "lock-0";

  /** The first key its holders write, guarded by their fencing tokens (the only one by default). */
  static final String FENCED_KEY = "fenced-0";

  static final int LEASE_MILLIS = 1_000;
  static final int WAIT_MILLIS = 3_000;

  private final Simulator.Parts parts;
  private final Transport transport;
  private final List<NodeId> nodes;
  private final int clientTimeoutMillis;
  private final WorkloadSettings.LockSettings settings;
  private final LockHistory history;

  LockClients(
      Simulator.Parts parts,
      Transport transport,
      List<NodeId> nodes,
      int clientTimeoutMillis,
      WorkloadSettings.LockSettings settings,
      LockHistory history) {
    this.parts = parts;
    this.transport = transport;
    this.nodes = List.copyOf(nodes);
    this.clientTimeoutMillis = clientTimeoutMillis;
    this.settings = settings;
    this.history = history;
  }

  /** Runs session {@code id} of {@code client}; {@code done} runs when it ends. */
  void session(int client, long id, Runnable done) {
    Random random = parts.random();
    long owner = random.nextLong() | 1;
    long sent = now();
    log("invoke lock op " + id + " client " + client + " acquire owner " + owner);
    call(
        LockRequest.acquire(LOCK, owner, LEASE_MILLIS, WAIT_MILLIS, 0),
        WAIT_MILLIS + clientTimeoutMillis,
        response -> {
          if (response instanceof LockResponse answer
              && answer.outcome() == LockResponse.Outcome.GRANTED) {
            LockHistory.Grant grant =
                history.granted(LOCK, answer.token(), LEASE_MILLIS * 1_000_000L, sent, now());
            log("complete lock op " + id + " GRANTED token " + answer.token());
            int writes = 1 + random.nextInt(3);
            if (now() - sent > LEASE_MILLIS * 1_000_000L * LockHistory.MARGIN_PERCENT / 100) {
              // As the client library does: a grant that took longer than the margin is renewed
              // at once, so that its lease is trusted from here on.
              renew(id, grant, () -> hold(id, grant, writes, done));
            } else {
              hold(id, grant, writes, done);
            }
          } else {
            log("complete lock op " + id + " not granted: " + response);
            done.run();
          }
        });
  }

  /** Writes the fenced key {@code writes} more times, then releases or abandons the lock. */
  private void hold(long id, LockHistory.Grant grant, int writes, Runnable done) {
    Random random = parts.random();
    if (writes == 0) {
      if (random.nextInt(4) == 0) {
        log("lock op " + id + " abandons token " + grant.token);
        done.run();
      } else {
        release(id, grant, done);
      }
      return;
    }
    int dice = random.nextInt(100);
    long pauseMillis =
        dice < 15 // a stall, maybe past the lease
            ? LEASE_MILLIS / 2 + random.nextInt(settings.stallMillisMax() - LEASE_MILLIS / 2)
            : random.nextInt(LEASE_MILLIS / 4);
    parts
        .events()
        .schedule(
            pauseMillis * 1_000_000L,
            () -> {
              if (dice >= 70) {
                renew(id, grant, () -> write(id, grant, writes, done));
              } else {
                write(id, grant, writes, done);
              }
            });
  }

  private void write(long id, LockHistory.Grant grant, int writes, Runnable done) {
    long invoke = now();
    byte[] value = bytes("t" + grant.token + "-" + id + "-" + writes);
    long writeId = parts.random().nextLong() | 1;
    int keys = settings.fencedKeys();
    String key = keys == 1 ? FENCED_KEY : "fenced-" + parts.random().nextInt(keys);
    ConditionalRequest fenced =
        ConditionalRequest.fenced(bytes(key), value, new Fence(LOCK, grant.token), writeId, 0);
    log("invoke lock op " + id + " fenced write token " + grant.token + " to " + key);
    call(
        fenced,
        clientTimeoutMillis,
        response -> {
          Boolean applied =
              response instanceof ConditionalResponse answer ? answer.applied() : null;
          history.fencedWrite(
              new LockHistory.FencedWrite(id, key, grant.token, invoke, now(), applied, grant));
          log("complete lock op " + id + " fenced write token " + grant.token + ": " + applied);
          hold(id, grant, writes - 1, done);
        });
  }

  private void renew(long id, LockHistory.Grant grant, Runnable then) {
    long sent = now();
    call(
        LockRequest.renew(LOCK, grant.token, LEASE_MILLIS, 0),
        clientTimeoutMillis,
        response -> {
          if (response instanceof LockResponse answer
              && answer.outcome() == LockResponse.Outcome.RENEWED) {
            grant.renewed(sent);
          }
          log("complete lock op " + id + " renew token " + grant.token + ": " + response);
          then.run();
        });
  }

  private void release(long id, LockHistory.Grant grant, Runnable done) {
    grant.releasing(now());
    call(
        LockRequest.release(LOCK, grant.token, 0),
        clientTimeoutMillis,
        response -> {
          log("complete lock op " + id + " release token " + grant.token + ": " + response);
          done.run();
        });
  }

  private void call(Request request, int timeoutMillis, Consumer<Response> answer) {
    ClientCalls.call(parts, transport, nodes, request, timeoutMillis, answer);
  }

  private long now() {
    return parts.events().nowNanos();
  }

  private void log(String what) {
    parts.log().record("client", what);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
