/**
 * The node's Netty edge, built from the shared pieces of {@code io.ringstore.client.netty}.
 *
 * <ul>
 *   <li>{@link io.ringstore.node.net.NodeEventLoops} owns the accept and worker event loops, epoll
 *       where available, NIO otherwise.
 *   <li>{@link io.ringstore.node.net.NettyServer} listens for clients and peers on one port: frame
 *       decoder, codec, bad-frame handler, flush consolidation, then {@link
 *       io.ringstore.node.net.RequestDispatcher}, which hands requests to the node's {@link
 *       io.ringstore.core.net.RequestHandler} and writes responses back from any thread; a
 *       connection that opens with a {@code PeerHello} is that node's, and its requests carry that
 *       node as their source.
 *   <li>{@link io.ringstore.node.net.NettyTransport} implements {@link
 *       io.ringstore.core.net.Transport} over a pool of multiplexed connections, short-circuiting
 *       requests a node sends to itself.
 * </ul>
 */
package io.ringstore.node.net;
