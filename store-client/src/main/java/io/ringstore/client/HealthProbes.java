package io.ringstore.client;

import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.time.Clock;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Response;
import java.util.List;

/**
 * Sends the probes that give a suspected node its way back ({@link NodeHealth}): a {@link Ping} to
 * each suspected replica of a request whose probe is due. Probes ride on traffic: a node no request
 * needs is not probed, and no timer runs. Nodes answer a ping from anyone.
 */
final class HealthProbes {
  /** How long a probe waits for its pong. */
  static final long PROBE_TIMEOUT_MILLIS = 500;

  private final ConnectionPool pool;
  private final NodeHealth health;
  private final Clock clock;

  HealthProbes(ConnectionPool pool, NodeHealth health, Clock clock) {
    this.pool = pool;
    this.health = health;
    this.clock = clock;
  }

  /** Probes every suspected member of {@code replicas} whose probe is due. */
  void probeDue(List<Member> replicas) {
    if (health.suspectedCount() == 0) {
      return;
    }
    for (Member replica : replicas) {
      if (health.claimProbe(replica.id())) {
        probe(replica);
      }
    }
  }

  private void probe(Member replica) {
    Endpoint endpoint = RoutedCall.endpointOf(replica);
    pool.send(
        endpoint,
        new Ping(clock.monotonicNanos()),
        PROBE_TIMEOUT_MILLIS,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            health.trust(replica.id());
          }

          @Override
          public void onFailure(Throwable cause) {
            health.suspect(replica.id());
          }
        });
  }
}
