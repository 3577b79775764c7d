package io.ringstore.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link GroupCommitBenchmark} one fork at a time, alternating shared and unshared forks, and
 * prints each pair's ratio and the median ratio. JMH alone runs every fork of one mode before any
 * fork of the other, so a disk whose fsync latency drifts over minutes (a shared virtual disk)
 * biases the ratio; adjacent forks see nearly the same disk.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.ringstore.benchmarks.GroupCommitRatio [pairs] [JMH options]
 * </pre>
 *
 * Pairs default to 3; JMH options (for example {@code -wi 2 -i 5}) apply to every fork.
 */
public final class GroupCommitRatio {
  private static final int PAIRS_DEFAULT = 3;

  private GroupCommitRatio() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    int pairs =
        args.length > 0 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : PAIRS_DEFAULT;
    String[] jmhArgs = args.length > 0 && args[0].matches("\\d+") ? tail(args) : args;
    Options base = new CommandLineOptions(jmhArgs);
    List<Double> ratios = new ArrayList<>();
    for (int pair = 1; pair <= Math.max(1, pairs); pair++) {
      double shared = run(base, true);
      double unshared = run(base, false);
      ratios.add(shared / unshared);
      System.out.printf(
          Locale.ROOT,
          "pair %d: shared %.0f ops/s, one fsync per write %.0f ops/s, ratio %.1fx%n",
          pair,
          shared,
          unshared,
          shared / unshared);
    }
    System.out.printf(
        Locale.ROOT, "median ratio over %d pairs: %.1fx%n", ratios.size(), median(ratios));
  }

  /** The median of the measured iterations of one fork in one mode. */
  private static double run(Options base, boolean groupCommit) throws RunnerException {
    Options options =
        new OptionsBuilder()
            .parent(base)
            .include(GroupCommitBenchmark.class.getSimpleName() + ".put")
            .param("groupCommit", String.valueOf(groupCommit))
            .forks(1)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    List<Double> iterations = new ArrayList<>();
    for (RunResult result : results) {
      result.getBenchmarkResults().stream()
          .flatMap(benchmark -> benchmark.getIterationResults().stream())
          .forEach(iteration -> iterations.add(iteration.getPrimaryResult().getScore()));
    }
    return median(iterations);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static String[] tail(String[] args) {
    String[] rest = new String[args.length - 1];
    System.arraycopy(args, 1, rest, 0, rest.length);
    return rest;
  }
}
