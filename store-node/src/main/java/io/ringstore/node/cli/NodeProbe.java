package io.ringstore.node.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.wire.ClusterStateRequest;
import io.ringstore.core.wire.ClusterStateResponse;
import io.ringstore.core.wire.DecommissionRequest;
import io.ringstore.core.wire.NodeInfoRequest;
import io.ringstore.core.wire.NodeInfoResponse;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.RemoveNodeRequest;
import io.ringstore.core.wire.RepairRequest;
import io.ringstore.core.wire.RepairStatus;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.RingRequest;
import io.ringstore.core.wire.RingResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks single nodes by address, as a client: their ring ({@link RingRequest}), what they believe of
 * every member ({@link ClusterStateRequest}) and whether they answer a {@link Ping}. For {@code
 * status} and for waiting until a local cluster serves.
 */
final class NodeProbe implements AutoCloseable {
  /** Event loop threads of the probe: it asks one node at a time. */
  private static final int IO_THREADS = 1;

  /** Extra wait beyond a request's own timeout for its failure to arrive. */
  private static final long WAIT_SLACK_MILLIS = 500;

  private final EventLoopGroup loops =
      new MultiThreadIoEventLoopGroup(
          IO_THREADS, new DefaultThreadFactory("ringstore-probe", true), NioIoHandler.newFactory());
  private final ConnectionPool pool;

  /** A probe over plain TCP without credentials: the local cluster's. */
  NodeProbe() {
    this(ConnectionSettings.defaults());
  }

  /** A probe connecting with {@code settings}' TLS and credentials. */
  NodeProbe(ConnectionSettings settings) {
    this.pool =
        new ConnectionPool(
            loops,
            NioSocketChannel.class,
            settings.withConnectTimeoutMillis(1_000).withBackoffMillis(1, 1));
  }

  /** The node's ring, or empty if it does not answer within {@code timeoutMillis}. */
  Optional<Ring> ring(HostPort node, long timeoutMillis) {
    return ask(node, new RingRequest(), timeoutMillis)
        .filter(RingResponse.class::isInstance)
        .map(response -> ((RingResponse) response).toRing(Murmur3Partitioner.INSTANCE));
  }

  /** The ring of the first of {@code seeds} that answers within {@code timeoutMillis}, if any. */
  Optional<Ring> firstRing(List<HostPort> seeds, long timeoutMillis) {
    for (HostPort seed : seeds) {
      Optional<Ring> ring = ring(seed, timeoutMillis);
      if (ring.isPresent()) {
        return ring;
      }
    }
    return Optional.empty();
  }

  /**
   * The ring of the first of {@code seeds} that answers, for a command that cannot go on without
   * one.
   *
   * @throws IllegalStateException naming the seeds when none answers
   */
  Ring requireRing(List<HostPort> seeds, long timeoutMillis) {
    return firstRing(seeds, timeoutMillis)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no seed answered with its ring: is the cluster running? (seeds "
                        + seeds
                        + ")"));
  }

  /**
   * What the node believes of every member (status, UP/SUSPECT/DOWN, phi), or empty if it does not
   * answer within {@code timeoutMillis}.
   */
  Optional<ClusterStateResponse> clusterState(HostPort node, long timeoutMillis) {
    return ask(node, new ClusterStateRequest(), timeoutMillis)
        .filter(ClusterStateResponse.class::isInstance)
        .map(ClusterStateResponse.class::cast);
  }

  /** What the node says of itself, or empty if it does not answer within {@code timeoutMillis}. */
  Optional<NodeInfoResponse> info(HostPort node, long timeoutMillis) {
    return ask(node, new NodeInfoRequest(), timeoutMillis)
        .filter(NodeInfoResponse.class::isInstance)
        .map(NodeInfoResponse.class::cast);
  }

  /**
   * The node's anti-entropy status, after starting a repair over every range it replicates if
   * {@code start} (unless one is going); empty if it does not answer within {@code timeoutMillis}.
   */
  Optional<RepairStatus> repair(HostPort node, boolean start, long timeoutMillis) {
    return ask(node, new RepairRequest(start), timeoutMillis)
        .filter(RepairStatus.class::isInstance)
        .map(RepairStatus.class::cast);
  }

  /**
   * Asks the node to decommission: its stream's {@link RepairStatus}, an {@link
   * io.ringstore.core.wire.ErrorResponse} naming why it cannot leave, or empty if it does not
   * answer within {@code timeoutMillis}.
   */
  Optional<Response> decommission(HostPort node, long timeoutMillis) {
    return ask(node, new DecommissionRequest(), timeoutMillis);
  }

  /**
   * Asks the node to take the dead member {@code removed} off the ring: its {@link
   * ClusterStateResponse} after the removal, an {@link io.ringstore.core.wire.ErrorResponse} naming
   * why not, or empty if it does not answer within {@code timeoutMillis}.
   */
  Optional<Response> removeNode(HostPort node, NodeId removed, long timeoutMillis) {
    return ask(node, new RemoveNodeRequest(removed), timeoutMillis);
  }

  /** Whether the node answers a ping within {@code timeoutMillis}. */
  boolean answersPing(HostPort node, long timeoutMillis) {
    return ask(node, new Ping(0), timeoutMillis).filter(Pong.class::isInstance).isPresent();
  }

  private Optional<Response> ask(HostPort node, Request request, long timeoutMillis) {
    CompletableFuture<Response> answer = new CompletableFuture<>();
    pool.send(
        new Endpoint(node.toString(), node.host(), node.port()),
        request,
        timeoutMillis,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            answer.complete(response);
          }

          @Override
          public void onFailure(Throwable cause) {
            answer.completeExceptionally(cause);
          }
        });
    try {
      return Optional.of(answer.get(timeoutMillis + WAIT_SLACK_MILLIS, TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    pool.close();
    loops.shutdownGracefully(0, WAIT_SLACK_MILLIS, TimeUnit.MILLISECONDS);
    loops.terminationFuture().awaitUninterruptibly(WAIT_SLACK_MILLIS * 2);
  }
}
