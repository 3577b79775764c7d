package io.ringstore.benchmarks;

/**
 * JVM options every benchmark fork runs with. A fixed, pre-touched heap keeps the page faults of a
 * growing heap out of the allocation-heavy benchmarks: without it, runs on this shared 2-core
 * machine swung between 35 and 740 ns/op for a 104-byte allocation.
 */
final class JvmOptions {
  static final String HEAP_MIN = "-Xms1g";
  static final String HEAP_MAX = "-Xmx1g";
  static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

  private JvmOptions() {}
}
