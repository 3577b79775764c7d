package io.ringstore.node.net;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.ringstore.client.netty.ConnectionFailedException;
import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * The production {@link Transport}: requests to other nodes travel over one multiplexed connection
 * per node from a {@link ConnectionPool}, opened lazily and reopened with a bounded backoff after
 * failures; the node's address comes from the current ring. A request to this node itself never
 * touches a socket: it goes straight to the local {@link RequestHandler}, still asynchronously (on
 * an event loop, never inside {@link #send}), and its response comes back on an event loop too.
 * (The coordinator does not come this way to its own replica: it calls it, through {@link
 * io.ringstore.core.replica.LocalReplicaTransport}.)
 *
 * <p>Every request waits at most {@code pendingMillisMax} for its response, after which the handler
 * hears a {@link io.ringstore.client.netty.ResponseTimeoutException}: callers keep their own,
 * shorter deadlines (as {@link Transport} asks); this bound only keeps a silent peer from holding
 * entries for ever.
 *
 * <p><b>Pitfalls.</b> A self-sent request shares its byte arrays with the local handler, without
 * the copy a socket makes: messages are immutable by contract ({@link
 * io.ringstore.core.wire.Message}), so keep them so. A node no member directory knows is reported
 * as a {@link ConnectionFailedException}.
 */
public final class NettyTransport implements Transport, AutoCloseable {
  /** Default longest wait for any response. */
  public static final long PENDING_MILLIS_MAX_DEFAULT = 30_000;

  private final NodeId self;
  private final Function<NodeId, Optional<Member>> directory;
  private final RequestHandler local;
  private final ConnectionPool pool;
  private final EventLoopGroup loops;
  private final long pendingMillisMax;

  /**
   * A transport for node {@code self}.
   *
   * @param directory finds a node's address on every send: every member membership knows, those
   *     without tokens on the ring included
   * @param local serves requests this node sends to itself
   * @param pool connections to other nodes; closed with this transport
   * @param loops where self-sent requests and their responses are delivered
   * @param pendingMillisMax the longest wait for a response, at least 1
   */
  public NettyTransport(
      NodeId self,
      Function<NodeId, Optional<Member>> directory,
      RequestHandler local,
      ConnectionPool pool,
      EventLoopGroup loops,
      long pendingMillisMax) {
    if (pendingMillisMax < 1) {
      throw new IllegalArgumentException(
          "pendingMillisMax is " + pendingMillisMax + ", must be >= 1");
    }
    this.self = self;
    this.directory = directory;
    this.local = local;
    this.pool = pool;
    this.loops = loops;
    this.pendingMillisMax = pendingMillisMax;
  }

  @Override
  public void send(NodeId destination, Request request, ResponseHandler handler) {
    if (destination.equals(self)) {
      deliverLocally(request, handler);
      return;
    }
    Optional<Member> member = directory.apply(destination);
    if (member.isEmpty()) {
      String message = "node " + destination + " is not a known member";
      execute(loops.next(), () -> handler.onFailure(new ConnectionFailedException(message, null)));
      return;
    }
    pool.send(endpointOf(member.get()), request, pendingMillisMax, handler);
  }

  private static Endpoint endpointOf(Member member) {
    return new Endpoint(member.id().value(), member.host(), member.port());
  }

  private void deliverLocally(Request request, ResponseHandler handler) {
    EventLoop loop = loops.next();
    execute(loop, () -> handleLocally(loop, request, handler));
  }

  private void handleLocally(EventLoop loop, Request request, ResponseHandler handler) {
    try {
      local.handle(self, request, response -> respondLocally(loop, response, handler));
    } catch (RuntimeException e) {
      handler.onFailure(e);
    }
  }

  private static void respondLocally(EventLoop loop, Response response, ResponseHandler handler) {
    if (loop.inEventLoop()) {
      handler.onResponse(response);
    } else {
      execute(loop, () -> handler.onResponse(response));
    }
  }

  private static void execute(EventLoop loop, Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException shutDown) {
      // The node is shutting down; the caller's own deadline reports the lost request.
    }
  }

  /** Closes every connection to other nodes. */
  @Override
  public void close() {
    pool.close();
  }
}
