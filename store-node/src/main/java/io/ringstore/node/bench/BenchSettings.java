package io.ringstore.node.bench;

import io.ringstore.core.cluster.HostPort;
import java.util.List;

/**
 * What one benchmark run does; every field is checked, naming its flag.
 *
 * @param seeds nodes the client learns the ring from
 * @param records keys in the key space, {@code user0} to {@code user<records-1>}
 * @param valueBytes bytes of each value written
 * @param readFraction share of operations that are reads, the rest are updates
 * @param zipfian Zipfian key popularity rather than uniform
 * @param threads concurrent request chains, each with one request outstanding at a time
 * @param durationSeconds measured seconds, after the warmup
 * @param warmupSeconds seconds run but not measured
 * @param load insert every record before the run
 * @param seed makes the key and operation sequence replayable
 * @param workload what the requests do
 */
public record BenchSettings(
    List<HostPort> seeds,
    int records,
    int valueBytes,
    double readFraction,
    boolean zipfian,
    int threads,
    int durationSeconds,
    int warmupSeconds,
    boolean load,
    long seed,
    BenchWorkload workload) {
  /** Most records. */
  public static final int RECORDS_MAX = 100_000_000;

  /** Largest value. */
  public static final int VALUE_BYTES_MAX = 1024 * 1024;

  /** Most client threads. */
  public static final int THREADS_MAX = 1024;

  /** Longest run or warmup. */
  public static final int SECONDS_MAX = 3600;

  public BenchSettings {
    seeds = List.copyOf(seeds);
    java.util.Objects.requireNonNull(workload, "workload");
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("--seeds: give at least one host:port");
    }
    requireIn("--records", records, 1, RECORDS_MAX);
    requireIn("--value-bytes", valueBytes, 0, VALUE_BYTES_MAX);
    requireIn("--threads", threads, 1, THREADS_MAX);
    requireIn("--duration-seconds", durationSeconds, 1, SECONDS_MAX);
    requireIn("--warmup-seconds", warmupSeconds, 0, SECONDS_MAX);
    if (!(readFraction >= 0 && readFraction <= 1)) {
      throw new IllegalArgumentException("--read-fraction is " + readFraction + ", must be 0 to 1");
    }
  }

  private static void requireIn(String flag, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(flag + " is " + value + ", must be " + min + " to " + max);
    }
  }
}
