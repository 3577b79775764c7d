package io.ringstore.node.bench;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringstore.client.ConditionalResult;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.VersionContext;
import io.ringstore.core.time.Clock;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A YCSB-style run against a cluster through the Java client: optionally load every record, then
 * {@code threads} concurrent chains each keep one asynchronous request outstanding (a read with
 * probability {@code readFraction}, else an update of the whole value) on keys drawn uniformly or
 * Zipfian, for a warmup and then the measured duration.
 *
 * <p><b>Versions.</b> An update writes with the key's latest context this run has seen (from the
 * load, the last read or the last update of that key), as an application doing read-modify-write
 * would; blind updates would pile up siblings on hot keys. Concurrent updates of one key from two
 * threads can still make siblings; the next read's context merges them.
 *
 * <p><b>Output.</b> Every {@link #TIMELINE_INTERVAL_MILLIS} a timeline line (ops in the interval,
 * rate, p50/p99 in µs, errors); at the end one line {@code summary throughput_ops_s=... p50_us=...
 * p99_us=... p999_us=... max_us=... errors=...} over the measured part only.
 *
 * <p><b>Threads.</b> A chain is not a thread: each issues its next request from the completion of
 * the previous one, on the client's event loop, so {@code threads} requests are in flight at any
 * time (YCSB's client threads) without a thread parked and woken per request.
 *
 * <p><b>Failover mode.</b> With an {@link AckedWriteLedger}, chain {@code t} of {@code threads}
 * only touches the records {@code r} with {@code r % threads == t}, so that the writes of a key are
 * issued one after another (the load writes each record once, {@link #LOAD_IN_FLIGHT_MIN} or more
 * at a time); each write's value is stamped with a new sequence number, and the ledger records
 * every acknowledged one. An {@link Observer} sees the start of the measured part and each measured
 * interval.
 *
 * <p><b>Bounds.</b> Each chain stops at the deadline or after {@link #OPERATIONS_PER_THREAD_MAX}
 * operations, whichever comes first; the load stops after {@link #LOAD_MILLIS_MAX}. Latencies up to
 * {@link #LATENCY_MICROS_MAX} are recorded, longer ones clamp to it.
 */
public final class BenchRun {
  public static final long TIMELINE_INTERVAL_MILLIS = 100;
  public static final long OPERATIONS_PER_THREAD_MAX = 1_000_000_000L;
  public static final long LOAD_MILLIS_MAX = 600_000;

  /**
   * Writes the load keeps in flight, at least: with only {@code threads} of them, a durable cluster
   * loaded slower than it served the measured mix (each write waits for a force, and group commit
   * has little to group), 100,000 records taking 28-38 s under fsync always.
   */
  public static final int LOAD_IN_FLIGHT_MIN = 64;

  public static final long LATENCY_MICROS_MAX = 60_000_000;
  private static final int SIGNIFICANT_DIGITS = 3;
  private static final long JOIN_SLACK_MILLIS = 30_000;
  private static final long NANOS_PER_MICRO = 1_000;

  private final BenchSettings settings;
  private final RingstoreClient client;
  private final Clock clock;
  private final PrintWriter out;
  private final AtomicReferenceArray<VersionContext> contexts;
  private final Recorder recorder = new Recorder(LATENCY_MICROS_MAX, SIGNIFICANT_DIGITS);
  private final Histogram measured = new Histogram(LATENCY_MICROS_MAX, SIGNIFICANT_DIGITS);
  private final LongAdder errors = new LongAdder();
  private final LongAdder intervalErrors = new LongAdder();
  private final byte[] value;
  private final Observer observer;
  private final AckedWriteLedger ledger;
  private final AtomicLong sequences = new AtomicLong();

  /** What a run reports besides its output lines, called from its timeline thread. */
  public interface Observer {
    /** The measured part starts at {@code measureFromNanos} of the run's clock. */
    default void measuring(long measureFromNanos) {}

    /**
     * A measured interval ended at {@code endNanos} with these latencies (valid only during the
     * call) and {@code errors} failed operations.
     */
    default void interval(long endNanos, Histogram latencies, long errors) {}

    /**
     * An operation of the run (warmup included) failed with {@code cause}; on the client's loop.
     */
    default void failed(Throwable cause) {}
  }

  /** A plain run: no observer, no ledger. */
  public BenchRun(BenchSettings settings, RingstoreClient client, Clock clock, PrintWriter out) {
    this(settings, client, clock, out, new Observer() {}, null);
  }

  /**
   * A run that tells {@code observer} its timeline and, if {@code ledgerOrNull} is given, runs in
   * failover mode (see the class comment) and records every acknowledged write in it.
   */
  public BenchRun(
      BenchSettings settings,
      RingstoreClient client,
      Clock clock,
      PrintWriter out,
      Observer observer,
      AckedWriteLedger ledgerOrNull) {
    if (ledgerOrNull != null && ledgerOrNull.records() != settings.records()) {
      throw new IllegalArgumentException(
          "the ledger has " + ledgerOrNull.records() + " records, the run " + settings.records());
    }
    this.settings = settings;
    this.client = client;
    this.clock = clock;
    this.out = out;
    this.observer = observer;
    this.ledger = ledgerOrNull;
    this.contexts = new AtomicReferenceArray<>(settings.records());
    this.value = new byte[settings.valueBytes()];
    new SplittableRandom(settings.seed()).nextBytes(value);
  }

  /** The key of record {@code record}. */
  static byte[] key(long record) {
    return ("user" + record).getBytes(StandardCharsets.UTF_8);
  }

  /** Loads if asked, runs, prints the timeline and the summary; returns the errors measured. */
  public long run() throws InterruptedException {
    Summary summary = runWithoutSummary();
    out.println(summary.line());
    out.flush();
    return summary.errors();
  }

  /** Loads if asked, runs and prints the timeline; returns the summary, not printed. */
  public Summary runWithoutSummary() throws InterruptedException {
    if (settings.load()) {
      load();
    }
    return measure();
  }

  /**
   * The figures of the measured part.
   *
   * @param throughputOpsPerSecond operations completed per second
   * @param p50Micros median latency
   * @param p99Micros 99th percentile latency
   * @param p999Micros 99.9th percentile latency
   * @param maxMicros longest latency
   * @param errors operations that failed
   */
  public record Summary(
      long throughputOpsPerSecond,
      long p50Micros,
      long p99Micros,
      long p999Micros,
      long maxMicros,
      long errors) {
    /** The machine-readable summary line. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "summary throughput_ops_s=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d errors=%d",
          throughputOpsPerSecond,
          p50Micros,
          p99Micros,
          p999Micros,
          maxMicros,
          errors);
    }
  }

  private void load() throws InterruptedException {
    long startNanos = clock.monotonicNanos();
    long deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(LOAD_MILLIS_MAX);
    int chains = Math.max(settings.threads(), LOAD_IN_FLIGHT_MIN);
    CountDownLatch finished = new CountDownLatch(chains);
    for (int c = 0; c < chains; c++) {
      new Chain(new LoadSlice(c, chains), deadlineNanos, finished, this::countLoadError).next();
    }
    await(finished, LOAD_MILLIS_MAX);
    double seconds = (clock.monotonicNanos() - startNanos) / 1e9;
    out.printf(
        Locale.ROOT,
        "loaded %d records of %d bytes in %.1f s (%d errors)%n",
        settings.records(),
        settings.valueBytes(),
        seconds,
        errors.sum());
    out.flush();
    errors.reset();
  }

  private void countLoadError(long startNanos, Throwable failure) {
    if (failure != null) {
      errors.increment();
    }
  }

  /** Inserts records {@code first}, {@code first + stride}, ... with blind writes. */
  private final class LoadSlice implements Operations {
    private final int stride;
    private int record;

    LoadSlice(int first, int stride) {
      this.record = first;
      this.stride = stride;
    }

    @Override
    public CompletableFuture<?> nextOrNull() {
      if (record >= settings.records()) {
        return null;
      }
      int current = record;
      record += stride;
      long sequence = nextSequence();
      return client
          .putAsync(key(current), valueOf(sequence))
          .thenAccept(r -> acknowledged(current, sequence, r.context()));
    }
  }

  private Summary measure() throws InterruptedException {
    long startNanos = clock.monotonicNanos();
    long measureFromNanos = startNanos + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
    long endNanos = measureFromNanos + TimeUnit.SECONDS.toNanos(settings.durationSeconds());
    ZipfianGenerator zipfian =
        settings.zipfian()
            ? new ZipfianGenerator(
                settings.records(), ZipfianGenerator.THETA_DEFAULT, settings.seed())
            : null;
    CountDownLatch finished = new CountDownLatch(settings.threads());
    observer.measuring(measureFromNanos);
    ExecutorService blocking =
        settings.workload().blocking()
            ? Executors.newFixedThreadPool(
                settings.threads(), new DefaultThreadFactory("bench-blocking", true))
            : null;
    AtomicLongArray grants = new AtomicLongArray(settings.threads());
    for (int t = 0; t < settings.threads(); t++) {
      KeyChooser keys = ownKeys(keyChooser(zipfian, settings.seed() + t + 1), t);
      SplittableRandom operations = new SplittableRandom(settings.seed() - t - 1);
      Operations chain =
          switch (settings.workload()) {
            case MIX -> new Workload(keys, operations);
            case CAS -> blockingOps(blocking, () -> compareAndSet((int) keys.next()));
            case LOCK -> blockingOps(blocking, () -> acquireAndRelease(lockOf(keys.next())));
            case TRANSFER -> {
              KeyChooser accounts = keyChooser(zipfian, settings.seed() + t + 1);
              yield blockingOps(blocking, () -> transfer(accounts.next(), accounts.next()));
            }
            case LOCK_CONTENDED -> {
              int chainIndex = t;
              yield blockingOps(
                  blocking,
                  () -> {
                    acquireAndRelease(CONTENDED_LOCK);
                    grants.incrementAndGet(chainIndex);
                  });
            }
          };
      new Chain(chain, endNanos, finished, this::recordOutcome).next();
    }
    ScheduledExecutorService timeline =
        Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("bench-timeline", true));
    timeline.scheduleAtFixedRate(
        () -> report(startNanos, measureFromNanos),
        TIMELINE_INTERVAL_MILLIS,
        TIMELINE_INTERVAL_MILLIS,
        TimeUnit.MILLISECONDS);
    try {
      await(finished, TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos) + JOIN_SLACK_MILLIS);
    } finally {
      timeline.shutdown();
      timeline.awaitTermination(JOIN_SLACK_MILLIS, TimeUnit.MILLISECONDS);
    }
    if (blocking != null) {
      blocking.shutdownNow();
    }
    report(startNanos, measureFromNanos);
    if (settings.workload() == BenchWorkload.LOCK_CONTENDED) {
      printGrants(grants);
    }
    return summary(TimeUnit.NANOSECONDS.toMillis(endNanos - measureFromNanos) / 1000.0);
  }

  /** The lock every chain of {@link BenchWorkload#LOCK_CONTENDED} takes in turn. */
  static final String CONTENDED_LOCK = "bench-contended";

  /** The lease of the benchmark's grants: long, since each is released at once. */
  static final Duration LOCK_LEASE = Duration.ofSeconds(10);

  /** How long an acquisition waits: every contender of one lock waits for all the others. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(60);

  /** Operations that each block a thread of {@code pool} while {@code call} runs. */
  private static Operations blockingOps(ExecutorService pool, Runnable call) {
    return () -> CompletableFuture.runAsync(call, pool);
  }

  /** One compare-and-set on CAS record {@code record}, over the version this run last saw. */
  private void compareAndSet(int record) {
    byte[] key = ("cas" + record).getBytes(StandardCharsets.UTF_8);
    ConditionalResult result = client.putIfVersion(key, value, contextOf(record));
    contexts.set(record, result.context());
  }

  /** What an account holds before its first transfer. */
  static final long OPENING_BALANCE = 1_000_000;

  /** One transfer of 1 between two accounts (the next one if both draws are the same). */
  private void transfer(long from, long drawnTo) {
    long to = from != drawnTo ? drawnTo : (drawnTo + 1) % settings.records();
    byte[] payer = ("account" + from).getBytes(StandardCharsets.UTF_8);
    byte[] payee = ("account" + to).getBytes(StandardCharsets.UTF_8);
    client.transaction(
        transaction -> {
          long paying = balanceOf(transaction.get(payer));
          long paid = balanceOf(transaction.get(payee));
          transaction.put(payer, Long.toString(paying - 1).getBytes(StandardCharsets.UTF_8));
          transaction.put(payee, Long.toString(paid + 1).getBytes(StandardCharsets.UTF_8));
        });
  }

  private static long balanceOf(Optional<byte[]> value) {
    return value
        .map(v -> Long.parseLong(new String(v, StandardCharsets.UTF_8)))
        .orElse(OPENING_BALANCE);
  }

  private static String lockOf(long record) {
    return "bench-lock-" + record;
  }

  private void acquireAndRelease(String lock) {
    client.lock(lock).acquire(LOCK_LEASE, LOCK_WAIT).close();
  }

  private void printGrants(AtomicLongArray grants) {
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int t = 0; t < grants.length(); t++) {
      min = Math.min(min, grants.get(t));
      max = Math.max(max, grants.get(t));
    }
    out.printf(Locale.ROOT, "grants per contender (warmup included): min=%d max=%d%n", min, max);
  }

  private void recordOutcome(long startNanos, Throwable failure) {
    if (failure != null) {
      intervalErrors.increment();
      observer.failed(failure);
      return;
    }
    long micros = (clock.monotonicNanos() - startNanos) / NANOS_PER_MICRO;
    recorder.recordValue(Math.min(Math.max(micros, 1), LATENCY_MICROS_MAX));
  }

  /** Draws record numbers. */
  @FunctionalInterface
  private interface KeyChooser {
    long next();
  }

  /**
   * In failover mode, {@code keys} moved into chain {@code chain}'s own records (those equal to
   * {@code chain} modulo the number of chains), keeping their popularity roughly; else {@code
   * keys}.
   */
  private KeyChooser ownKeys(KeyChooser keys, int chain) {
    int chains = settings.threads();
    if (ledger == null || settings.records() < chains) {
      return keys;
    }
    return () -> {
      long record = keys.next() / chains * chains + chain;
      return record < settings.records() ? record : record - chains;
    };
  }

  private KeyChooser keyChooser(ZipfianGenerator zipfian, long seed) {
    if (zipfian != null) {
      return zipfian.withSeed(seed)::next;
    }
    SplittableRandom random = new SplittableRandom(seed);
    return () -> random.nextLong(settings.records());
  }

  /** Reads or updates keys drawn by {@code keys}, as {@code operations} decides. */
  private final class Workload implements Operations {
    private final KeyChooser keys;
    private final SplittableRandom operations;

    Workload(KeyChooser keys, SplittableRandom operations) {
      this.keys = keys;
      this.operations = operations;
    }

    @Override
    public CompletableFuture<?> nextOrNull() {
      int record = (int) keys.next();
      if (operations.nextDouble() < settings.readFraction()) {
        return client.getAsync(key(record)).thenAccept(r -> contexts.set(record, r.context()));
      }
      long sequence = nextSequence();
      return client
          .putAsync(key(record), valueOf(sequence), contextOf(record))
          .thenAccept(r -> acknowledged(record, sequence, r.context()));
    }
  }

  /** The requests of one chain, one at a time; null when there are no more. */
  private interface Operations {
    CompletableFuture<?> nextOrNull();
  }

  /** What a chain does with each finished request: its start and its failure, if any. */
  @FunctionalInterface
  private interface Outcome {
    void accept(long startNanos, Throwable failureOrNull);
  }

  /**
   * One of the {@code threads} concurrent request chains: issues a request, and when it completes
   * (on the client's event loop) records it and issues the next, until the deadline, the operation
   * bound or the end of its operations. No thread blocks per request. A request that completes at
   * once is handled in the loop, not by recursion.
   */
  private final class Chain {
    private final Operations operations;
    private final long endNanos;
    private final CountDownLatch finished;
    private final Outcome outcome;
    private long issued;

    Chain(Operations operations, long endNanos, CountDownLatch finished, Outcome outcome) {
      this.operations = operations;
      this.endNanos = endNanos;
      this.finished = finished;
      this.outcome = outcome;
    }

    void next() {
      while (true) {
        long startNanos = clock.monotonicNanos();
        CompletableFuture<?> request =
            startNanos < endNanos && issued < OPERATIONS_PER_THREAD_MAX ? start() : null;
        if (request == null) {
          finished.countDown();
          return;
        }
        issued++;
        if (!request.isDone()) {
          request.whenComplete((ok, failure) -> done(startNanos, failure));
          return;
        }
        outcome.accept(startNanos, failureOf(request));
      }
    }

    private CompletableFuture<?> start() {
      try {
        return operations.nextOrNull();
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private void done(long startNanos, Throwable failure) {
      outcome.accept(startNanos, failure);
      next();
    }
  }

  private static Throwable failureOf(CompletableFuture<?> done) {
    return done.handle((ok, failure) -> failure).join();
  }

  private long nextSequence() {
    return ledger == null ? 0 : sequences.incrementAndGet();
  }

  /** The value of the write {@code sequence}: the shared value, or a stamped copy in failover. */
  private byte[] valueOf(long sequence) {
    return ledger == null ? value : AckedWriteLedger.stamp(value, sequence);
  }

  private void acknowledged(int record, long sequence, VersionContext context) {
    contexts.set(record, context);
    if (ledger != null) {
      ledger.acknowledged(record, sequence);
    }
  }

  private VersionContext contextOf(int record) {
    VersionContext context = contexts.get(record);
    return context != null ? context : VersionContext.empty();
  }

  /** Prints one timeline line for the interval just ended; adds it to the summary if measured. */
  private synchronized void report(long startNanos, long measureFromNanos) {
    Histogram interval = recorder.getIntervalHistogram();
    long intervalErrorCount = intervalErrors.sumThenReset();
    long nowNanos = clock.monotonicNanos();
    boolean measuring =
        nowNanos - TimeUnit.MILLISECONDS.toNanos(TIMELINE_INTERVAL_MILLIS) >= measureFromNanos;
    if (measuring) {
      measured.add(interval);
      errors.add(intervalErrorCount);
      observer.interval(nowNanos, interval, intervalErrorCount);
    }
    out.printf(
        Locale.ROOT,
        "t=%.1fs%s ops=%d ops_s=%d p50_us=%d p99_us=%d errors=%d%n",
        (nowNanos - startNanos) / 1e9,
        measuring ? "" : " (warmup)",
        interval.getTotalCount(),
        interval.getTotalCount() * 1000 / TIMELINE_INTERVAL_MILLIS,
        interval.getValueAtPercentile(50),
        interval.getValueAtPercentile(99),
        intervalErrorCount);
    out.flush();
  }

  private synchronized Summary summary(double measuredSeconds) {
    return new Summary(
        Math.round(measured.getTotalCount() / measuredSeconds),
        measured.getValueAtPercentile(50),
        measured.getValueAtPercentile(99),
        measured.getValueAtPercentile(99.9),
        measured.getMaxValue(),
        errors.sum());
  }

  private static void await(CountDownLatch finished, long timeoutMillis)
      throws InterruptedException {
    if (!finished.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "benchmark requests still unfinished after " + timeoutMillis + " ms");
    }
  }
}
