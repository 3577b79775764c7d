package io.ringstore.core.simulation;

import java.util.Random;

/**
 * How the simulated network mistreats each message: a latency of {@code latencyBaseMicros} plus an
 * exponential tail of mean {@code latencyTailMeanMicros}, capped at {@link #LATENCY_MICROS_MAX};
 * loss with {@code dropProbability}; a second copy with {@code duplicateProbability}.
 */
record NetworkFaults(
    long latencyBaseMicros,
    long latencyTailMeanMicros,
    double dropProbability,
    double duplicateProbability) {
  /** The longest any message takes: one simulated second. */
  static final long LATENCY_MICROS_MAX = 1_000_000;

  NetworkFaults {
    if (latencyBaseMicros < 0 || latencyTailMeanMicros < 0) {
      throw new IllegalArgumentException("latencies must not be negative");
    }
    if (latencyBaseMicros + latencyTailMeanMicros > LATENCY_MICROS_MAX) {
      throw new IllegalArgumentException("mean latency above " + LATENCY_MICROS_MAX + " us");
    }
    checkProbability("dropProbability", dropProbability);
    checkProbability("duplicateProbability", duplicateProbability);
  }

  /** A datacenter network: 0.5 ms plus a 1 ms tail, no loss, no copies. */
  static NetworkFaults reliable() {
    return new NetworkFaults(500, 1_000, 0, 0);
  }

  /**
   * These faults with latencies of {@code baseMicros} plus a tail of mean {@code tailMeanMicros}.
   */
  NetworkFaults withLatency(long baseMicros, long tailMeanMicros) {
    return new NetworkFaults(baseMicros, tailMeanMicros, dropProbability, duplicateProbability);
  }

  NetworkFaults withLoss(double drop, double duplicate) {
    return new NetworkFaults(latencyBaseMicros, latencyTailMeanMicros, drop, duplicate);
  }

  /** One message's latency, drawn from {@code random}. */
  long latencyNanos(Random random) {
    double tailMicros = -latencyTailMeanMicros * StrictMath.log(1 - random.nextDouble());
    long micros = Math.min(LATENCY_MICROS_MAX, latencyBaseMicros + (long) tailMicros);
    return micros * 1_000;
  }

  private static void checkProbability(String name, double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]; got " + probability);
    }
  }
}
