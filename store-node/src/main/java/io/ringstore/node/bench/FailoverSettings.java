package io.ringstore.node.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the failover part of a benchmark run does; every field is checked against the run, naming
 * its flag. Instants count from the start of the measured part (after the warmup).
 *
 * @param fault what happens to the faulted node
 * @param faultAtSeconds when the fault starts, at least {@link #STEADY_SECONDS_MIN} in so that the
 *     steady state before it can be measured
 * @param healAtSeconds when it is healed, after the fault and before the end of the run
 * @param reportDirectory where the CSV timeline and the HTML report go
 */
public record FailoverSettings(
    Fault fault, int faultAtSeconds, int healAtSeconds, Path reportDirectory) {
  /** Seconds of steady state, at least, before the fault. */
  public static final int STEADY_SECONDS_MIN = 1;

  /** Smallest value: the write sequence number is stamped in its first bytes. */
  public static final int VALUE_BYTES_MIN = AckedWriteLedger.SEQUENCE_BYTES;

  public FailoverSettings {
    Objects.requireNonNull(fault, "--fault");
    Objects.requireNonNull(reportDirectory, "--report-dir");
    if (faultAtSeconds < STEADY_SECONDS_MIN) {
      throw new IllegalArgumentException(
          "--fault-at-seconds is " + faultAtSeconds + ", must be at least " + STEADY_SECONDS_MIN);
    }
    if (healAtSeconds <= faultAtSeconds) {
      throw new IllegalArgumentException(
          "--heal-at-seconds is "
              + healAtSeconds
              + ", must be after --fault-at-seconds ("
              + faultAtSeconds
              + ")");
    }
  }

  /** Checks that the fault and the heal fall inside the measured run and values hold a stamp. */
  public void requireFits(BenchSettings bench) {
    if (healAtSeconds >= bench.durationSeconds()) {
      throw new IllegalArgumentException(
          "--heal-at-seconds is "
              + healAtSeconds
              + ", must be before the end of the run (--duration-seconds "
              + bench.durationSeconds()
              + ") so that the recovery is measured");
    }
    if (bench.records() < bench.threads()) {
      throw new IllegalArgumentException(
          "--records is "
              + bench.records()
              + ", must be at least --threads ("
              + bench.threads()
              + ") with --failover (each thread writes keys of its own)");
    }
    if (bench.valueBytes() < VALUE_BYTES_MIN) {
      throw new IllegalArgumentException(
          "--value-bytes is "
              + bench.valueBytes()
              + ", must be at least "
              + VALUE_BYTES_MIN
              + " with --failover (each value carries its write's sequence number)");
    }
  }

  /** The fault instant in milliseconds from the start of the measured part. */
  public long faultAtMillis() {
    return faultAtSeconds * 1000L;
  }

  /** The heal instant in milliseconds from the start of the measured part. */
  public long healAtMillis() {
    return healAtSeconds * 1000L;
  }
}
