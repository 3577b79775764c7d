package io.ringstore.node;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends a request to one chosen node as a client (no hello), for tests that must pick the
 * coordinator themselves rather than let the client route.
 */
final class DirectCaller implements AutoCloseable {
  static final long TIMEOUT_MILLIS = 10_000;

  private final EventLoopGroup loops =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("direct-caller", true), NioIoHandler.newFactory());
  private final ConnectionPool pool =
      new ConnectionPool(loops, NioSocketChannel.class, ConnectionSettings.defaults());

  CompletableFuture<Response> send(Member node, Request request) {
    CompletableFuture<Response> answer = new CompletableFuture<>();
    pool.send(
        new Endpoint(node.id().value(), node.host(), node.port()),
        request,
        TIMEOUT_MILLIS,
        into(answer));
    return answer;
  }

  /** A handler completing {@code answer} with the response, or exceptionally with the failure. */
  static ResponseHandler into(CompletableFuture<Response> answer) {
    return new ResponseHandler() {
      @Override
      public void onResponse(Response response) {
        answer.complete(response);
      }

      @Override
      public void onFailure(Throwable cause) {
        answer.completeExceptionally(cause);
      }
    };
  }

  Response call(Member node, Request request) throws Exception {
    return send(node, request).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    pool.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
