/**
 * The Netty edge shared by the client library and the node: framing, the codec handler, bad-frame
 * handling, and multiplexed connections. store-node builds its server and its peer transport from
 * these pieces.
 *
 * <p>Every connection's pipeline starts the same ({@link io.ringstore.client.netty.FramePipeline}):
 *
 * <ol>
 *   <li>{@link io.ringstore.client.netty.FrameDecoder} cuts the stream into frames, rejecting an
 *       oversized declared length before buffering anything;
 *   <li>{@link io.ringstore.client.netty.MessageCodec} decodes frames into {@link
 *       io.ringstore.core.wire.Frame}s or {@link io.ringstore.client.netty.BadFrame}s and encodes
 *       outbound frames, with the channel's one {@link io.ringstore.core.wire.FrameCodec};
 *   <li>{@link io.ringstore.client.netty.BadFrameHandler} logs a bad frame, answers it with a
 *       protocol error where it can, and closes that connection only.
 * </ol>
 *
 * <p>On the client side {@link io.ringstore.client.netty.MultiplexedConnection} appends its
 * response router: many requests in flight on one connection, matched by request id, bounded in
 * number, written in batches of one flush per event-loop turn. {@link
 * io.ringstore.client.netty.ConnectionPool} keeps one connection per {@link
 * io.ringstore.client.netty.Endpoint} and reconnects with a bounded backoff. Failures are {@link
 * io.ringstore.client.netty.TransportException}s: {@link
 * io.ringstore.client.netty.ConnectionFailedException}, {@link
 * io.ringstore.client.netty.InFlightLimitException}, {@link
 * io.ringstore.client.netty.ResponseTimeoutException}.
 */
package io.ringstore.client.netty;
