package io.ringstore.node.bench;

import java.util.List;

/**
 * Runs an external command ({@code kill}, {@code iptables}) to completion. The fault drivers go
 * through it so that their argument checks and their rule bookkeeping are tested with a fake.
 */
@FunctionalInterface
public interface CommandRunner {
  /**
   * What a command did.
   *
   * @param exitCode its exit status
   * @param output what it wrote to stdout and stderr, trimmed and bounded
   */
  record Result(int exitCode, String output) {
    /** Whether it exited with status 0. */
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  /**
   * Runs {@code command} and waits for it.
   *
   * @throws IllegalStateException if it cannot be started (not installed) or does not finish in
   *     time, naming the command
   */
  Result run(List<String> command);
}
