package io.ringstore.node.bench;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringstore.client.ReadOptions;
import io.ringstore.client.RingstoreClient;
import io.ringstore.core.time.Clock;
import io.ringstore.core.wire.Consistency;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * A {@link BenchRun} in failover mode with one fault injected into one node: the fault at {@code
 * --fault-at-seconds} and the heal at {@code --heal-at-seconds} of the measured part, each node's
 * view of the faulted one polled every {@link #PROBE_INTERVAL_MILLIS}, every acknowledged write
 * read back at consistency ALL at the end, then the figures of {@link FailoverAnalysis} added to
 * the summary line and the timeline written as CSV and HTML.
 *
 * <p><b>Threads.</b> The run's chains and timeline as in {@link BenchRun}; one thread injects and
 * heals, one polls the node states, one counts the hints the nodes hold; all stop at the end of the
 * run, the hint count once no hint is left or {@link #HINTS_WAIT_MILLIS_MAX} later. The fault is
 * healed in a {@code finally} and from a JVM shutdown hook, whatever happens.
 *
 * <p><b>Bounds.</b> The read-back keeps at most {@link #VERIFY_IN_FLIGHT_MAX} reads in flight,
 * tries each key at most {@link #VERIFY_ATTEMPTS_MAX} times and stops after {@link
 * #VERIFY_MILLIS_MAX}; keys it could not read are counted as unverified, not as lost.
 */
public final class FailoverRun {
  /** The p99.9 and max "after the fault" cover this much time from the fault. */
  public static final long AFTER_FAULT_WINDOW_MILLIS = 5_000;

  /** Pause between two polls of the node states. */
  public static final long PROBE_INTERVAL_MILLIS = 100;

  /** Reads in flight during the read-back. */
  public static final int VERIFY_IN_FLIGHT_MAX = 64;

  /**
   * Reads of one key before it counts as unverified: with {@link #VERIFY_RETRY_MILLIS}, 20 s, the
   * time a node restarted at the heal may take to serve again (about 9 s in issue 9).
   */
  public static final int VERIFY_ATTEMPTS_MAX = 20;

  /** Pause before reading a key again. */
  public static final long VERIFY_RETRY_MILLIS = 1_000;

  /** Longest read-back. */
  public static final long VERIFY_MILLIS_MAX = 300_000;

  private static final long STOP_WAIT_MILLIS = 30_000;

  /** Pause between two counts of the cluster's hints. */
  public static final long HINTS_POLL_MILLIS = 250;

  /** Longest the run waits after its end for the hints to drain. */
  public static final long HINTS_WAIT_MILLIS_MAX = 60_000;

  /**
   * What the run acts on.
   *
   * @param driver injects and heals the fault
   * @param watch polls what every node believes of the faulted one
   * @param title one line naming the run, for the reports
   * @param hints counts the hints the nodes hold
   */
  public record Target(
      FaultDriver driver, MemberStateWatch watch, String title, HintsWatch hints) {}

  private final BenchSettings bench;
  private final FailoverSettings failover;
  private final RingstoreClient client;
  private final Clock clock;
  private final PrintWriter out;
  private final Target target;
  private final List<TimelinePoint> points = new ArrayList<>();
  private final Histogram afterFault = new Histogram(BenchRun.LATENCY_MICROS_MAX, 3);
  private final ScheduledExecutorService faults =
      Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("bench-fault", true));
  private final ScheduledExecutorService probes =
      Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("bench-probe", true));
  // Apart from the state probes: a count asks every node, and a dead one may hold it a second.
  private final ScheduledExecutorService hintCounts =
      Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("bench-hints", true));
  private final ExecutorService asking;
  private volatile long measureFromNanos;
  private volatile long faultAtMillis = -1;
  private volatile long healAtMillis = -1;
  private volatile String faultFailure = "";
  private volatile String firstReadBackFailure = "";
  private final FailureCauses failures = new FailureCauses();

  /** A run of {@code bench} with {@code failover}'s fault on {@code target}. */
  public FailoverRun(
      BenchSettings bench,
      FailoverSettings failover,
      RingstoreClient client,
      Clock clock,
      PrintWriter out,
      Target target) {
    failover.requireFits(bench);
    this.bench = bench;
    this.failover = failover;
    this.client = client;
    this.clock = clock;
    this.out = out;
    this.target = target;
    this.asking =
        Executors.newFixedThreadPool(
            target.watch().nodeCount(), new DefaultThreadFactory("bench-probe-ask", true));
  }

  /** Runs, checks the acknowledged writes, prints the summary, writes the reports. */
  public FailoverReport run() throws InterruptedException {
    AckedWriteLedger ledger = new AckedWriteLedger(bench.records());
    BenchRun.Summary summary;
    Thread healOnExit = new Thread(target.driver()::close, "bench-heal-on-exit");
    Runtime.getRuntime().addShutdownHook(healOnExit);
    try {
      summary = new BenchRun(bench, client, clock, out, new Observer(), ledger).runWithoutSummary();
      // A replay may outlast the measured part: the counts go on while hints are left.
      target.hints().awaitSettled(HINTS_WAIT_MILLIS_MAX);
    } finally {
      stop(faults);
      stop(probes);
      stop(hintCounts);
      stop(asking);
      target.driver().close();
      Runtime.getRuntime().removeShutdownHook(healOnExit);
    }
    Verification verification = verify(ledger);
    FailoverReport report = report(summary, verification);
    out.println(summaryLine(report));
    out.println(
        "node states of the faulted node: "
            + target.watch().describe(report.faultAtMillis(), report.healAtMillis()));
    if (!failures.isEmpty()) {
      out.println("failed operations by cause (warmup included): " + failures);
    }
    if (verification.unverified() > 0) {
      out.println(
          verification.unverified()
              + " acknowledged keys could not be read back at ALL, e.g.: "
              + firstReadBackFailure);
    }
    if (!faultFailure.isEmpty()) {
      out.println("fault driver failed: " + faultFailure);
    }
    write(report);
    out.flush();
    return report;
  }

  /** Schedules the fault and the probes at the start of the measured part; keeps the timeline. */
  private final class Observer implements BenchRun.Observer {
    @Override
    public void measuring(long fromNanos) {
      measureFromNanos = fromNanos;
      faults.schedule(
          FailoverRun.this::inject, delayMillis(failover.faultAtMillis()), TimeUnit.MILLISECONDS);
      faults.schedule(
          FailoverRun.this::heal, delayMillis(failover.healAtMillis()), TimeUnit.MILLISECONDS);
      probes.scheduleWithFixedDelay(
          () -> target.watch().poll(sinceMeasureMillis(), asking),
          0,
          PROBE_INTERVAL_MILLIS,
          TimeUnit.MILLISECONDS);
      hintCounts.scheduleWithFixedDelay(
          () -> target.hints().poll(sinceMeasureMillis(), failover.healAtMillis()),
          0,
          HINTS_POLL_MILLIS,
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void failed(Throwable cause) {
      failures.count(cause);
    }

    @Override
    public void interval(long endNanos, Histogram latencies, long errors) {
      long endMillis = TimeUnit.NANOSECONDS.toMillis(endNanos - measureFromNanos);
      long count = latencies.getTotalCount();
      synchronized (FailoverRun.this) {
        points.add(
            new TimelinePoint(
                endMillis,
                count,
                count * 1000 / BenchRun.TIMELINE_INTERVAL_MILLIS,
                latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(99),
                errors));
        long fromFaultMillis = endMillis - failover.faultAtMillis();
        if (fromFaultMillis > 0 && fromFaultMillis <= AFTER_FAULT_WINDOW_MILLIS) {
          afterFault.add(latencies);
        }
      }
    }
  }

  private long delayMillis(long atMillis) {
    return Math.max(0, atMillis - sinceMeasureMillis());
  }

  private long sinceMeasureMillis() {
    return TimeUnit.NANOSECONDS.toMillis(clock.monotonicNanos() - measureFromNanos);
  }

  private void inject() {
    faultAtMillis = sinceMeasureMillis();
    try {
      target.driver().inject();
      out.printf(
          Locale.ROOT,
          "fault injected at %.1f s: %s%n",
          faultAtMillis / 1000.0,
          target.driver().describe());
    } catch (RuntimeException e) {
      faultFailure = "inject: " + e.getMessage();
    }
  }

  private void heal() {
    healAtMillis = sinceMeasureMillis();
    try {
      target.driver().heal();
      out.printf(Locale.ROOT, "fault healed at %.1f s%n", healAtMillis / 1000.0);
    } catch (RuntimeException e) {
      faultFailure = faultFailure + " heal: " + e.getMessage();
    }
  }

  private static void stop(ExecutorService executor) throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** What the read-back found: keys checked, lost, and not readable. */
  record Verification(long checked, long lost, long unverified) {}

  private Verification verify(AckedWriteLedger ledger) throws InterruptedException {
    long deadlineNanos = clock.monotonicNanos() + TimeUnit.MILLISECONDS.toNanos(VERIFY_MILLIS_MAX);
    Semaphore inFlight = new Semaphore(VERIFY_IN_FLIGHT_MAX);
    LongAdder checked = new LongAdder();
    LongAdder lost = new LongAdder();
    LongAdder unverified = new LongAdder();
    for (int record = 0; record < ledger.records(); record++) {
      if (ledger.ackedSequence(record) == 0) {
        continue;
      }
      if (!inFlight.tryAcquire(remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS)) {
        unverified.increment();
        continue;
      }
      int current = record;
      readBack(ledger, current, 1)
          .whenComplete(
              (isLost, failure) -> {
                if (failure != null && firstReadBackFailure.isEmpty()) {
                  firstReadBackFailure = String.valueOf(failure.getMessage());
                }
                (failure != null ? unverified : isLost ? lost : checked).increment();
                inFlight.release();
              });
    }
    if (!inFlight.tryAcquire(
        VERIFY_IN_FLIGHT_MAX, remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS)) {
      out.println("read-back unfinished after " + VERIFY_MILLIS_MAX + " ms");
    }
    return new Verification(checked.sum() + lost.sum(), lost.sum(), unverified.sum());
  }

  private long remainingMillis(long deadlineNanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - clock.monotonicNanos()));
  }

  /** Whether {@code record}'s acknowledged write is lost, read at ALL, retried on failure. */
  private CompletableFuture<Boolean> readBack(AckedWriteLedger ledger, int record, int attempt) {
    ReadOptions all = ReadOptions.defaults().withConsistency(Consistency.all());
    return client
        .getAsync(BenchRun.key(record), all)
        .thenApply(result -> ledger.isLost(record, result.values()))
        .exceptionallyCompose(
            failure ->
                attempt >= VERIFY_ATTEMPTS_MAX
                    ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.supplyAsync(
                            () -> null,
                            CompletableFuture.delayedExecutor(
                                VERIFY_RETRY_MILLIS, TimeUnit.MILLISECONDS))
                        .thenCompose(ignored -> readBack(ledger, record, attempt + 1)));
  }

  private synchronized FailoverReport report(BenchRun.Summary summary, Verification verification) {
    long runEndMillis = bench.durationSeconds() * 1000L;
    long fault = faultAtMillis >= 0 ? faultAtMillis : failover.faultAtMillis();
    long heal = healAtMillis >= 0 ? healAtMillis : failover.healAtMillis();
    FailoverAnalysis analysis = new FailoverAnalysis(points, runEndMillis);
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("throughput_ops_s", Long.toString(summary.throughputOpsPerSecond()));
    figures.put("p50_us", Long.toString(summary.p50Micros()));
    figures.put("p99_us", Long.toString(summary.p99Micros()));
    figures.put("p999_us", Long.toString(summary.p999Micros()));
    figures.put("max_us", Long.toString(summary.maxMicros()));
    figures.put("errors", Long.toString(summary.errors()));
    figures.put("failed_ops", Long.toString(summary.errors()));
    figures.put("stall_ms", Long.toString(analysis.stallMillis(fault)));
    figures.put("p999_after_fault_us", Long.toString(afterFault.getValueAtPercentile(99.9)));
    figures.put("max_after_fault_us", Long.toString(afterFault.getMaxValue()));
    figures.put("detect_ms", Long.toString(target.watch().detectMillis(fault)));
    figures.put(
        "recovered_ms",
        Long.toString(
            analysis.recoveredMillis(fault, heal, target.watch().upEverywhereAtMillis(heal))));
    figures.put("lost_acked", Long.toString(verification.lost()));
    figures.put("steady_ops_s", Long.toString(analysis.steadyOpsPerSecond(fault)));
    figures.put("throughput_back_ms", Long.toString(analysis.throughputBackMillis(fault, heal)));
    figures.put("acked_keys_checked", Long.toString(verification.checked()));
    figures.put("acked_keys_unverified", Long.toString(verification.unverified()));
    figures.put("node_states", target.watch().anyAnswer() ? "probed" : "unknown");
    figures.put("hints_max", Long.toString(target.hints().max()));
    figures.put("hints_drained_ms", Long.toString(target.hints().drainedMillis(heal)));
    long detected = target.watch().detectMillis(fault);
    return new FailoverReport(
        target.title(),
        fault,
        heal,
        points,
        figures,
        detected == FailoverAnalysis.UNKNOWN ? detected : fault + detected,
        target.watch().upEverywhereAtMillis(heal));
  }

  /** The summary line: BenchRun's figures, then the failover ones, as {@code name=value}. */
  static String summaryLine(FailoverReport report) {
    StringBuilder line = new StringBuilder("summary");
    report
        .figures()
        .forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
    return line.toString();
  }

  private void write(FailoverReport report) {
    Path directory = failover.reportDirectory();
    try {
      Files.createDirectories(directory);
      Path csv = directory.resolve("timeline.csv");
      Path html = directory.resolve("report.html");
      Files.writeString(csv, TimelineCsv.render(report), StandardCharsets.UTF_8);
      Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
      out.println("report: " + html.toAbsolutePath() + " (timeline: " + csv.toAbsolutePath() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report in " + directory, e);
    }
  }
}
