package io.ringstore.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ringstore.core.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Throws random and mutated frames at the decoder. For every input it must return normally, with
 * either a registered message or a typed error. Replay a failure with {@code
 * -Dringstore.seed=<seed>}.
 */
class FrameCodecFuzzTest {
  private static final int INPUTS = 200_000;
  private static final int RANDOM_BYTES_MAX = 96;
  private static final int MUTATIONS_MAX = 4;
  private static final int INSERT_BYTES_MAX = 16;
  private static final int LENGTH_TWEAK_MAX = 8;

  private final FrameCodec codec = new FrameCodec(FrameLimits.defaults());
  private final Set<Class<? extends Message>> registered =
      Set.copyOf(MessageCatalog.typeIds().values());
  private final List<Integer> typeIds = List.copyOf(MessageCatalog.typeIds().keySet());
  private final List<byte[]> validFrames = new ArrayList<>();

  /** A way to make one fuzz input; each returns a fresh array. */
  private final List<BiFunction<Random, byte[], byte[]>> generators =
      List.of(
          (random, valid) -> randomBytes(random),
          (random, valid) -> randomBodyBehindAValidHeader(random),
          (random, valid) -> mutate(random, valid),
          (random, valid) -> withMatchingLengthPrefix(mutate(random, valid)),
          (random, valid) -> swapTypeId(random, valid));

  @Test
  void decoderSurvivesRandomAndMutatedFrames() {
    long seed = Seeds.seed("FrameCodecFuzzTest");
    Random random = new Random(seed);
    for (Arguments sample : WireSamples.small()) {
      validFrames.add(codec.encode(random.nextInt(1000), (Message) sample.get()[1]));
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int i = 0; i < INPUTS; i++) {
      byte[] valid = validFrames.get(random.nextInt(validFrames.size()));
      byte[] input = generators.get(random.nextInt(generators.size())).apply(random, valid);
      outcomes.merge(check(input, seed, i), 1, Integer::sum);
    }
    System.out.println("fuzz outcomes over " + INPUTS + " inputs: " + outcomes);
    assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(INPUTS);
  }

  private String check(byte[] input, long seed, int index) {
    DecodeResult result;
    try {
      result = codec.decode(input);
    } catch (RuntimeException e) {
      throw new AssertionError(replay(seed, index, input) + " threw", e);
    }
    if (result instanceof DecodeResult.Decoded decoded) {
      assertDecodedIsSane(decoded.frame(), seed, index, input);
      return "DECODED";
    }
    ProtocolError error = ((DecodeResult.Failed) result).error();
    assertThat(error.kind()).as(replay(seed, index, input)).isNotNull();
    assertThat(error.message()).as(replay(seed, index, input)).isNotBlank();
    return error.kind().name();
  }

  /** A decoded message is registered, and encoding it again decodes to the same message. */
  private void assertDecodedIsSane(Frame frame, long seed, int index, byte[] input) {
    if (!registered.contains(frame.message().getClass())) {
      fail(replay(seed, index, input) + " decoded an unregistered " + frame.message().getClass());
    }
    DecodeResult again = codec.decode(codec.encode(frame.requestId(), frame.message()));
    assertThat(again).as(replay(seed, index, input)).isInstanceOf(DecodeResult.Decoded.class);
    WireSamples.assertSameMessage(
        ((DecodeResult.Decoded) again).frame().message(), frame.message());
  }

  private static String replay(long seed, int index, byte[] input) {
    return "fuzz input "
        + index
        + " (replay with -Dringstore.seed="
        + seed
        + "): "
        + HexFormat.of().formatHex(input);
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(RANDOM_BYTES_MAX + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  private byte[] randomBodyBehindAValidHeader(Random random) {
    byte[] body = randomBytes(random);
    byte[] header =
        FrameCodecBadFrameTest.frame(
            FrameCodec.PROTOCOL_VERSION,
            typeIds.get(random.nextInt(typeIds.size())),
            random.nextInt(1000),
            out -> out.writeBytes(body));
    return header;
  }

  private static byte[] mutate(Random random, byte[] valid) {
    byte[] bytes = valid.clone();
    int mutations = 1 + random.nextInt(MUTATIONS_MAX);
    for (int i = 0; i < mutations; i++) {
      bytes = mutateOnce(random, bytes);
    }
    return bytes;
  }

  private static byte[] mutateOnce(Random random, byte[] bytes) {
    if (bytes.length == 0) {
      return randomBytes(random);
    }
    int at = random.nextInt(bytes.length);
    return switch (random.nextInt(6)) {
      case 0 -> flipBit(bytes, at, random.nextInt(Byte.SIZE));
      case 1 -> overwrite(bytes, at, (byte) random.nextInt());
      case 2 -> Arrays.copyOf(bytes, at);
      case 3 -> insert(bytes, at, randomBytes(random.nextInt(INSERT_BYTES_MAX + 1), random));
      case 4 -> insert(bytes, at, Arrays.copyOfRange(bytes, at, random.nextInt(at, bytes.length)));
      default -> tweakLength(bytes, random.nextInt(-LENGTH_TWEAK_MAX, LENGTH_TWEAK_MAX + 1));
    };
  }

  /** Re-frames the body of a valid frame behind another registered type id. */
  private byte[] swapTypeId(Random random, byte[] valid) {
    int typeIdAt = FrameCodec.LENGTH_PREFIX_BYTES + 1;
    int typeIdBytes = (valid[typeIdAt] & 0x80) == 0 ? 1 : 2;
    byte[] rest = Arrays.copyOfRange(valid, typeIdAt + typeIdBytes, valid.length);
    return FrameCodecBadFrameTest.frame(
        FrameCodec.PROTOCOL_VERSION,
        typeIds.get(random.nextInt(typeIds.size())),
        0,
        out -> out.writeBytes(rest, 1, rest.length - 1));
  }

  /** Makes the length prefix agree with the bytes, so that the mutation reaches the body. */
  private static byte[] withMatchingLengthPrefix(byte[] bytes) {
    if (bytes.length < FrameCodec.LENGTH_PREFIX_BYTES) {
      return bytes;
    }
    return FrameCodecBadFrameTest.withLengthPrefix(bytes);
  }

  private static byte[] flipBit(byte[] bytes, int at, int bit) {
    bytes[at] ^= (byte) (1 << bit);
    return bytes;
  }

  private static byte[] overwrite(byte[] bytes, int at, byte value) {
    bytes[at] = value;
    return bytes;
  }

  private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
    byte[] result = new byte[bytes.length + inserted.length];
    System.arraycopy(bytes, 0, result, 0, at);
    System.arraycopy(inserted, 0, result, at, inserted.length);
    System.arraycopy(bytes, at, result, at + inserted.length, bytes.length - at);
    return result;
  }

  private static byte[] tweakLength(byte[] bytes, int delta) {
    if (bytes.length < FrameCodec.LENGTH_PREFIX_BYTES) {
      return bytes;
    }
    int length = FrameCodec.readLengthPrefix(bytes, 0) + delta;
    bytes[0] = (byte) (length >>> 24);
    bytes[1] = (byte) (length >>> 16);
    bytes[2] = (byte) (length >>> 8);
    bytes[3] = (byte) length;
    return bytes;
  }

  private static byte[] randomBytes(int length, Random random) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
