package io.ringstore.core.storage.log;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: opens a log engine under {@code ALWAYS} and
 * writes from several threads until it is killed, printing {@code ACK <key> <sequence>} only after
 * each put has returned. Every value is a pure function of its key and sequence, so the parent can
 * tell a correct value from a corrupt one. Thread 0 also compacts now and then, so that kills land
 * in compactions too.
 *
 * <p>Arguments: directory, first sequence.
 */
public final class CrashWriter {
  static final int THREADS = 4;
  static final int KEYS_PER_THREAD = 50;
  static final int WRITES_PER_THREAD_MAX = 1_000_000;
  static final long SEGMENT_BYTES = 64 * 1024;
  private static final int VALUE_BYTES_MAX = 3_000;
  private static final int WRITES_PER_COMPACTION = 150;

  private CrashWriter() {}

  public static void main(String[] args) throws InterruptedException {
    Path directory = Path.of(args[0]);
    long firstSequence = Long.parseLong(args[1]);
    LogStorageOptions options = LogEngines.options(directory).withSegmentBytesMax(SEGMENT_BYTES);
    LogStorageEngine engine = LogEngines.open(options);
    PrintStream out = System.out;
    out.println("READY");
    out.flush();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      writers.add(new Thread(() -> write(engine, thread, firstSequence, out)));
    }
    writers.forEach(Thread::start);
    for (Thread writer : writers) {
      writer.join();
    }
  }

  private static void write(LogStorageEngine engine, int thread, long first, PrintStream out) {
    Random random = new Random(first + thread);
    for (int j = 0; j < WRITES_PER_THREAD_MAX; j++) {
      String key = key(thread, random.nextInt(KEYS_PER_THREAD));
      long sequence = first + thread + (long) THREADS * j;
      engine.put(bytes(key), version(thread, sequence, valueFor(key, sequence)));
      synchronized (out) {
        out.println("ACK " + key + " " + sequence);
        out.flush();
      }
      if (thread == 0 && j % WRITES_PER_COMPACTION == WRITES_PER_COMPACTION - 1) {
        engine.compact();
      }
    }
  }

  static String key(int thread, int index) {
    return "key-" + thread + "-" + index;
  }

  static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /** The writer thread of a key, from its name. */
  static int threadOf(String key) {
    return Integer.parseInt(key.split("-")[1]);
  }

  static Versioned version(int thread, long sequence, byte[] value) {
    VectorClock clock =
        VectorClock.of(List.of(new VectorClock.Entry(NodeId.of("w" + thread), sequence, 0)));
    return Versioned.of(clock, sequence, value);
  }

  /** The value written to {@code key} at {@code sequence}: 1 to 3,000 bytes from a seeded PRNG. */
  static byte[] valueFor(String key, long sequence) {
    Random random = new Random(key.hashCode() * 31L + sequence);
    byte[] value = new byte[1 + random.nextInt(VALUE_BYTES_MAX)];
    random.nextBytes(value);
    return value;
  }
}
