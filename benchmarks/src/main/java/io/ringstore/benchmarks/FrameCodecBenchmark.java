package io.ringstore.benchmarks;

import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DecodeResult;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.PutRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec on the hot path: a put with a 16-byte key, a 100-byte value and a 3-entry context
 * clock, encoded into and decoded from reused buffers as the Netty edge will do. Target: encode
 * plus decode at most 1 µs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(
    value = 3,
    jvmArgsAppend = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.PRE_TOUCH})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrameCodecBenchmark {
  private static final int KEY_BYTES = 16;
  private static final int VALUE_BYTES = 100;
  private static final int OUTPUT_BYTES_INITIAL = 1024;
  private static final long TIMESTAMP_MILLIS = 1_700_000_000_000L;

  private FrameCodec codec;
  private Output output;
  private PutRequest put;
  private byte[] frame;
  private long requestId;

  /** Builds the message and encodes it once for the decode benchmark. */
  @Setup
  public void setUp() {
    codec = new FrameCodec(FrameLimits.defaults());
    output = new Output(OUTPUT_BYTES_INITIAL, -1);
    put =
        new PutRequest(
            new byte[KEY_BYTES], new byte[VALUE_BYTES], context(), Consistency.quorum(), 500);
    frame = codec.encode(1, put);
  }

  private static VectorClock context() {
    return VectorClock.of(
        List.of(
            new VectorClock.Entry(NodeId.of("node-1"), 17, TIMESTAMP_MILLIS),
            new VectorClock.Entry(NodeId.of("node-2"), 3, TIMESTAMP_MILLIS + 5),
            new VectorClock.Entry(NodeId.of("node-3"), 250, TIMESTAMP_MILLIS + 9)));
  }

  /** Encodes into the reused output; returns the frame length. */
  @Benchmark
  public int encodePut() {
    output.reset();
    return codec.encode(++requestId, put, output);
  }

  /** Decodes the frame encoded in setup. */
  @Benchmark
  public DecodeResult decodePut() {
    return codec.decode(frame, 0, frame.length);
  }

  /** Encodes into the reused output and decodes from it: one hop of a put. */
  @Benchmark
  public DecodeResult encodeDecodePut() {
    output.reset();
    int length = codec.encode(++requestId, put, output);
    return codec.decode(output.getBuffer(), 0, length);
  }
}
