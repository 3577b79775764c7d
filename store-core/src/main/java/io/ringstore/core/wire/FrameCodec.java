package io.ringstore.core.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.KryoBufferUnderflowException;
import com.esotericsoftware.kryo.io.Output;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes messages into frames and decodes frames back, for client and peer connections alike.
 *
 * <pre>
 * +--------------+--------------+----------------+-------------------+-----------------+
 * | int32 length | byte version | varint type id | varlong requestId | body            |
 * | big-endian,  | currently 1  | MessageCatalog | 0 for one-way     | per message,    |
 * | bytes after  |              |                | messages          | see serializers |
 * | this field   |              |                |                   |                 |
 * +--------------+--------------+----------------+-------------------+-----------------+
 * </pre>
 *
 * <p>Varints are Kryo's (7 bits a byte, low bits first); fixed-width numbers in bodies are Kryo's
 * little-endian, only the length prefix is big-endian, as stream decoders (Netty's) expect.
 *
 * <p><b>Hostile input.</b> The decoder never throws for any bytes and never allocates more than the
 * frame it was given could justify. The length prefix is checked against {@link
 * FrameLimits#frameBytesMax()} before anything is buffered ({@link #checkDeclaredLength}); the type
 * id is looked up in the {@link MessageCatalog} table only, so a frame cannot name a class; each
 * body is read by a hand-written serializer that checks every length against its bound and the
 * bytes left before allocating ({@link WireFields}); the record constructors check the rest. Every
 * exception inside is turned into a {@link ProtocolError} (bound violations, Kryo underflow,
 * constructor rejections), and bytes left after the body are an error too. {@code Error}s are not
 * caught: by construction the decoder cannot run out of memory on a bounded frame.
 *
 * <p><b>Errors by kind.</b> {@code TRUNCATED} means the buffer holds less than the frame declares
 * (a stream decoder waits for more); {@code MALFORMED} means the frame is all there but its
 * contents are wrong, including a body that ends before its last field.
 *
 * <p><b>Threads.</b> Not thread-safe, like Kryo: use one codec per thread or event loop. Decoded
 * messages share nothing with the codec or the input bytes.
 *
 * <p><b>Pitfalls.</b> {@link #decode(byte[], int, int)} takes exactly one frame: cut frames out of
 * a stream with {@link #readLengthPrefix} and {@link #checkDeclaredLength} first. Encoding a
 * message too large for one frame is a local error and throws {@link FrameTooLargeException}.
 */
public final class FrameCodec {
  /** The protocol version this codec writes and the only one it reads. */
  public static final int PROTOCOL_VERSION = 1;

  /** Bytes of the length prefix that starts every frame. */
  public static final int LENGTH_PREFIX_BYTES = 4;

  /** Fewest bytes a frame holds after its prefix: version, type id and request id, 1 each. */
  public static final int HEADER_BYTES_MIN = 3;

  /** Initial size of the buffer {@link #encode(long, Message)} reuses. */
  private static final int SCRATCH_BYTES_INITIAL = 4 * 1024;

  /** The reused encode buffer is replaced after a frame left it larger than this. */
  private static final int SCRATCH_BYTES_RETAINED_MAX = 1024 * 1024;

  private static final byte[] NO_BYTES = {};
  private static final int BYTE_MASK = 0xFF;

  private final FrameLimits limits;
  private final MessageCatalog catalog = new MessageCatalog();
  private final Kryo kryo = catalog.kryo();
  private final Input input = new Input(NO_BYTES);
  private Output scratch;

  /** A codec enforcing the given limits. */
  public FrameCodec(FrameLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.scratch = newScratch();
  }

  /** The limits this codec enforces. */
  public FrameLimits limits() {
    return limits;
  }

  /**
   * Encodes one message into a new array holding exactly one frame.
   *
   * @throws FrameTooLargeException if the frame would exceed {@link FrameLimits#frameBytesMax()}
   * @throws IllegalArgumentException if a field breaks a {@link WireLimits} bound
   */
  public byte[] encode(long requestId, Message message) {
    scratch.reset();
    try {
      int frameBytes = encode(requestId, message, scratch);
      return Arrays.copyOf(scratch.getBuffer(), frameBytes);
    } finally {
      if (scratch.getBuffer().length > SCRATCH_BYTES_RETAINED_MAX) {
        scratch = newScratch();
      }
    }
  }

  /**
   * Appends one frame to an in-memory output at its position, for callers that reuse a buffer. On
   * failure the output's position is restored.
   *
   * @return the bytes appended, length prefix included
   * @throws FrameTooLargeException if the frame would exceed {@link FrameLimits#frameBytesMax()}
   * @throws IllegalArgumentException if a field breaks a {@link WireLimits} bound, or the output
   *     writes through to a stream (the length is patched in after the body)
   */
  public int encode(long requestId, Message message, Output output) {
    requireInMemory(output);
    Registration registration = catalog.registrationOf(message);
    int start = output.position();
    try {
      writeFrame(registration, requestId, message, output);
    } catch (KryoBufferOverflowException e) {
      output.setPosition(start);
      throw new FrameTooLargeException(typeName(registration), -1, limits.frameBytesMax());
    } catch (RuntimeException e) {
      output.setPosition(start);
      throw e;
    }
    return finishFrame(registration, output, start);
  }

  /**
   * A message's body, serialized once, to be framed again under other request ids with {@link
   * #encode(long, EncodedBody, Output)}: a coordinator's fan-out sends one replica request on
   * several connections, and its key, clock and value need serializing only once.
   *
   * @param message the message the body encodes; callers match on its identity
   * @param typeId its type id in the {@link MessageCatalog}
   * @param bytes the body, as {@link #encode(long, Message, Output)} writes it after the header
   */
  public record EncodedBody(Message message, int typeId, byte[] bytes) {}

  /**
   * Serializes the body of {@code message} alone.
   *
   * @throws FrameTooLargeException if the body alone exceeds {@link FrameLimits#frameBytesMax()}
   * @throws IllegalArgumentException if a field breaks a {@link WireLimits} bound
   */
  public EncodedBody encodeBody(Message message) {
    Registration registration = catalog.registrationOf(message);
    scratch.reset();
    try {
      serializerOf(registration).write(kryo, scratch, message);
      return new EncodedBody(
          message, registration.getId(), Arrays.copyOf(scratch.getBuffer(), scratch.position()));
    } catch (KryoBufferOverflowException e) {
      throw new FrameTooLargeException(typeName(registration), -1, limits.frameBytesMax());
    } finally {
      if (scratch.getBuffer().length > SCRATCH_BYTES_RETAINED_MAX) {
        scratch = newScratch();
      }
    }
  }

  /**
   * Appends one frame of an already serialized body to an in-memory output, as {@link #encode(long,
   * Message, Output)} would have written the body's message; on failure the output's position is
   * restored.
   *
   * @return the bytes appended, length prefix included
   * @throws FrameTooLargeException if the frame would exceed {@link FrameLimits#frameBytesMax()}
   */
  public int encode(long requestId, EncodedBody body, Output output) {
    requireInMemory(output);
    Registration registration = catalog.registrationOf(body.typeId());
    int start = output.position();
    try {
      writeHeader(body.typeId(), requestId, output);
      output.writeBytes(body.bytes());
    } catch (KryoBufferOverflowException e) {
      output.setPosition(start);
      throw new FrameTooLargeException(typeName(registration), -1, limits.frameBytesMax());
    }
    return finishFrame(registration, output, start);
  }

  private static void requireInMemory(Output output) {
    if (output.getOutputStream() != null) {
      throw new IllegalArgumentException("encode needs an in-memory Output, not a stream");
    }
  }

  private void writeFrame(Registration registration, long requestId, Message message, Output out) {
    writeHeader(registration.getId(), requestId, out);
    serializerOf(registration).write(kryo, out, message);
  }

  /** The length prefix (0 until {@link #finishFrame} patches it), version, type id, request id. */
  private static void writeHeader(int typeId, long requestId, Output out) {
    out.writeInt(0);
    out.writeByte(PROTOCOL_VERSION);
    out.writeVarInt(typeId, true);
    out.writeVarLong(requestId, true);
  }

  private int finishFrame(Registration registration, Output output, int start) {
    int frameBytes = output.position() - start - LENGTH_PREFIX_BYTES;
    if (frameBytes > limits.frameBytesMax()) {
      output.setPosition(start);
      throw new FrameTooLargeException(typeName(registration), frameBytes, limits.frameBytesMax());
    }
    byte[] buffer = output.getBuffer();
    buffer[start] = (byte) (frameBytes >>> 24);
    buffer[start + 1] = (byte) (frameBytes >>> 16);
    buffer[start + 2] = (byte) (frameBytes >>> 8);
    buffer[start + 3] = (byte) frameBytes;
    return frameBytes + LENGTH_PREFIX_BYTES;
  }

  /** Decodes an array holding exactly one frame; never throws. */
  public DecodeResult decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes exactly one frame, length prefix included, from {@code bytes[offset, offset+length)}.
   * Never throws for any content of the bytes (only for a null array or a range outside it, which
   * are local bugs).
   */
  public DecodeResult decode(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length < LENGTH_PREFIX_BYTES) {
      return failed(
          ProtocolError.Kind.TRUNCATED,
          "the buffer holds "
              + length
              + " bytes, fewer than the 4-byte length prefix; wait for more or the peer cut"
              + " the frame short");
    }
    int frameBytes = readLengthPrefix(bytes, offset);
    ProtocolError lengthError = declaredLengthError(frameBytes);
    if (lengthError != null) {
      return new DecodeResult.Failed(lengthError);
    }
    int bytesAfterPrefix = length - LENGTH_PREFIX_BYTES;
    if (bytesAfterPrefix != frameBytes) {
      return new DecodeResult.Failed(sizeMismatch(frameBytes, bytesAfterPrefix));
    }
    return decodeFrame(bytes, offset + LENGTH_PREFIX_BYTES, frameBytes);
  }

  /**
   * Checks a length prefix as soon as its 4 bytes arrive, before buffering the frame: a stream
   * decoder closes the connection on an error here instead of waiting for a frame it would reject.
   *
   * @param frameBytes the value of the length prefix: the bytes after it
   * @return the error, or empty if a frame of that length is acceptable
   */
  public Optional<ProtocolError> checkDeclaredLength(int frameBytes) {
    return Optional.ofNullable(declaredLengthError(frameBytes));
  }

  /** Reads the big-endian length prefix at {@code offset}; the caller ensures 4 bytes are there. */
  public static int readLengthPrefix(byte[] bytes, int offset) {
    return (bytes[offset] & BYTE_MASK) << 24
        | (bytes[offset + 1] & BYTE_MASK) << 16
        | (bytes[offset + 2] & BYTE_MASK) << 8
        | (bytes[offset + 3] & BYTE_MASK);
  }

  private ProtocolError declaredLengthError(int frameBytes) {
    if (frameBytes > limits.frameBytesMax()) {
      return new ProtocolError(
          ProtocolError.Kind.OVERSIZED,
          "the frame declares "
              + frameBytes
              + " bytes, more than the maximum "
              + limits.frameBytesMax()
              + "; the peer sends larger messages than this node accepts: raise frameBytesMax"
              + " on both sides or send smaller values");
    }
    if (frameBytes < HEADER_BYTES_MIN) {
      return new ProtocolError(
          ProtocolError.Kind.MALFORMED,
          "the frame declares "
              + frameBytes
              + " bytes, fewer than the "
              + HEADER_BYTES_MIN
              + "-byte header; the peer does not speak this protocol");
    }
    return null;
  }

  private static ProtocolError sizeMismatch(int frameBytes, int bytesAfterPrefix) {
    if (bytesAfterPrefix < frameBytes) {
      return new ProtocolError(
          ProtocolError.Kind.TRUNCATED,
          "the frame declares "
              + frameBytes
              + " bytes after its length prefix but the buffer holds "
              + bytesAfterPrefix
              + "; wait for more or the peer cut the frame short");
    }
    return new ProtocolError(
        ProtocolError.Kind.TRAILING_BYTES,
        "the buffer holds "
            + (bytesAfterPrefix - frameBytes)
            + " bytes after the "
            + frameBytes
            + "-byte frame; pass exactly one frame per decode call");
  }

  private DecodeResult decodeFrame(byte[] bytes, int start, int frameBytes) {
    input.setBuffer(bytes, start, frameBytes);
    try {
      int version = input.readByte() & BYTE_MASK;
      if (version != PROTOCOL_VERSION) {
        return unsupportedVersion(version);
      }
      int typeId = input.readVarInt(true);
      Registration registration = catalog.registrationOf(typeId);
      if (registration == null) {
        return unknownType(typeId);
      }
      long requestId = input.readVarLong(true);
      return decodeBody(registration, version, requestId);
    } catch (RuntimeException e) {
      return failed(ProtocolError.Kind.MALFORMED, "the frame header is malformed: " + describe(e));
    } finally {
      input.setBuffer(NO_BYTES);
    }
  }

  private DecodeResult decodeBody(Registration registration, int version, long requestId) {
    Message message;
    try {
      message = (Message) serializerOf(registration).read(kryo, input, registration.getType());
    } catch (RuntimeException e) {
      return failed(
          ProtocolError.Kind.MALFORMED,
          "the " + typeName(registration) + " body is malformed: " + describe(e));
    }
    int bytesLeft = input.limit() - input.position();
    if (bytesLeft != 0) {
      return failed(
          ProtocolError.Kind.TRAILING_BYTES,
          bytesLeft
              + " bytes follow the "
              + typeName(registration)
              + " body; the peer's encoder and this decoder disagree on its layout");
    }
    return new DecodeResult.Decoded(new Frame(version, requestId, message));
  }

  private static DecodeResult unsupportedVersion(int version) {
    return failed(
        ProtocolError.Kind.UNSUPPORTED_VERSION,
        "the frame has protocol version "
            + version
            + " but this node speaks only "
            + PROTOCOL_VERSION
            + "; upgrade the older side");
  }

  private static DecodeResult unknownType(int typeId) {
    return failed(
        ProtocolError.Kind.UNKNOWN_TYPE,
        "the frame has message type id "
            + Integer.toUnsignedString(typeId)
            + ", which names no registered message; the peer runs a newer or foreign protocol");
  }

  private static String describe(RuntimeException e) {
    if (e instanceof MalformedFrameException) {
      return e.getMessage();
    }
    if (e instanceof KryoBufferUnderflowException) {
      return "the frame ends before the last field";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static DecodeResult failed(ProtocolError.Kind kind, String message) {
    return new DecodeResult.Failed(new ProtocolError(kind, message));
  }

  @SuppressWarnings("unchecked")
  private static Serializer<Message> serializerOf(Registration registration) {
    return (Serializer<Message>) registration.getSerializer();
  }

  private static String typeName(Registration registration) {
    return registration.getType().getSimpleName();
  }

  private Output newScratch() {
    return new Output(SCRATCH_BYTES_INITIAL, limits.frameBytesMax() + LENGTH_PREFIX_BYTES);
  }
}
