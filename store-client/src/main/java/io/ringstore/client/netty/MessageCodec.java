package io.ringstore.client.netty;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;
import io.ringstore.core.wire.DecodeResult;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.PeerRequest;
import java.util.OptionalLong;

/**
 * Turns frames cut by {@link FrameDecoder} into {@link Frame}s (or {@link BadFrame}s) and outbound
 * {@link Frame}s into bytes, with the channel's one {@link FrameCodec}.
 *
 * <p>Inbound, a frame that does not decode becomes a {@link BadFrame} carrying the codec's {@link
 * io.ringstore.core.wire.ProtocolError} and, when the header is readable (protocol version, type
 * id, request id), the request id, so that the server can answer the sender with an error. An
 * unknown message type is the common case: the header is fine, the type is not.
 *
 * <p>Outbound, a frame is encoded into a reused scratch buffer and copied once into a pooled I/O
 * buffer. A peer request's body is serialized once per thread for the same request object and
 * framed again for each connection it goes to (a coordinator's fan-out: STYLE.md, "an encoded frame
 * is computed once"). A message that cannot be encoded (too large for one frame: {@link
 * io.ringstore.core.wire.FrameTooLargeException}) fails that write's promise and nothing is sent:
 * the writer decides what to answer instead. Other messages pass through untouched.
 *
 * <p><b>Pitfalls.</b> One instance per channel. The outbound {@link Frame#protocolVersion()} is
 * ignored: the codec always writes {@link FrameCodec#PROTOCOL_VERSION}. Inbound messages own fresh
 * arrays, so the reused input buffer is never visible to later handlers.
 */
public final class MessageCodec extends ChannelDuplexHandler {
  /** Initial size of the reused encode and decode buffers. */
  static final int SCRATCH_BYTES_INITIAL = 4 * 1024;

  /** A reused buffer grown past this by one large frame is dropped after it. */
  static final int SCRATCH_BYTES_RETAINED_MAX = 1024 * 1024;

  /** Largest body kept for reuse; a larger one is serialized per connection. */
  static final int REUSED_BODY_BYTES_MAX = 1024 * 1024;

  /**
   * The body of the peer request this thread encoded last. A coordinator sends one replica request
   * object to several replicas in a row, from one event loop; each connection has its own codec, so
   * the body is kept per thread, not per channel. It holds one message per thread until the next
   * peer request replaces it.
   */
  private static final FastThreadLocal<FrameCodec.EncodedBody> LAST_PEER_REQUEST_BODY =
      new FastThreadLocal<>();

  private final FrameCodec codec;
  private Output encodeScratch;
  private byte[] decodeScratch = new byte[SCRATCH_BYTES_INITIAL];

  /**
   * A codec handler using {@code codec}, which it shares with the channel's {@link FrameDecoder}.
   */
  public MessageCodec(FrameCodec codec) {
    this.codec = codec;
    this.encodeScratch = newEncodeScratch();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Object decoded;
    try {
      decoded = decode(buf);
    } finally {
      buf.release();
    }
    ctx.fireChannelRead(decoded);
  }

  private Object decode(ByteBuf buf) {
    int length = buf.readableBytes();
    byte[] bytes = decodeScratch(length);
    buf.getBytes(buf.readerIndex(), bytes, 0, length);
    DecodeResult result = codec.decode(bytes, 0, length);
    Object decoded;
    if (result instanceof DecodeResult.Decoded ok) {
      decoded = ok.frame();
    } else {
      DecodeResult.Failed bad = (DecodeResult.Failed) result;
      decoded = new BadFrame(bad.error(), peekRequestId(bytes, length));
    }
    if (decodeScratch.length > SCRATCH_BYTES_RETAINED_MAX) {
      decodeScratch = new byte[SCRATCH_BYTES_INITIAL];
    }
    return decoded;
  }

  private byte[] decodeScratch(int length) {
    if (decodeScratch.length < length) {
      decodeScratch = new byte[Math.max(length, decodeScratch.length * 2)];
    }
    return decodeScratch;
  }

  /**
   * The request id of a frame that failed to decode, if its header (version 1, a type id, a request
   * id) is readable and the id is not 0. The layout after the version byte is only known for the
   * version this codec speaks.
   */
  static OptionalLong peekRequestId(byte[] frame, int length) {
    int offset = FrameCodec.LENGTH_PREFIX_BYTES;
    if (length <= offset || frame[offset] != FrameCodec.PROTOCOL_VERSION) {
      return OptionalLong.empty();
    }
    Input header = new Input(frame, offset + 1, length - offset - 1);
    try {
      header.readVarInt(true);
      long requestId = header.readVarLong(true);
      return requestId == 0 ? OptionalLong.empty() : OptionalLong.of(requestId);
    } catch (RuntimeException truncatedHeader) {
      return OptionalLong.empty();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof Frame frame)) {
      ctx.write(msg, promise);
      return;
    }
    ByteBuf encoded;
    try {
      encoded = encode(ctx, frame);
    } catch (IllegalArgumentException unencodable) {
      promise.setFailure(unencodable);
      return;
    }
    ctx.write(encoded, promise);
  }

  private ByteBuf encode(ChannelHandlerContext ctx, Frame frame) {
    encodeScratch.reset();
    try {
      int frameBytes =
          frame.message() instanceof PeerRequest request
              ? codec.encode(frame.requestId(), bodyOf(request), encodeScratch)
              : codec.encode(frame.requestId(), frame.message(), encodeScratch);
      ByteBuf buf = ctx.alloc().ioBuffer(frameBytes);
      return buf.writeBytes(encodeScratch.getBuffer(), 0, frameBytes);
    } finally {
      if (encodeScratch.getBuffer().length > SCRATCH_BYTES_RETAINED_MAX) {
        encodeScratch = newEncodeScratch();
      }
    }
  }

  /**
   * The body of {@code request}: the one this thread serialized last if it was for the same request
   * object (a fan-out's next connection), else serialized now and kept for the next.
   */
  private FrameCodec.EncodedBody bodyOf(PeerRequest request) {
    FrameCodec.EncodedBody last = LAST_PEER_REQUEST_BODY.get();
    if (last != null && last.message() == request) {
      return last;
    }
    FrameCodec.EncodedBody body = codec.encodeBody(request);
    LAST_PEER_REQUEST_BODY.set(body.bytes().length <= REUSED_BODY_BYTES_MAX ? body : null);
    return body;
  }

  private Output newEncodeScratch() {
    return new Output(
        SCRATCH_BYTES_INITIAL, codec.limits().frameBytesMax() + FrameCodec.LENGTH_PREFIX_BYTES);
  }
}
