package io.ringstore.node.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Fault#KILL}: SIGKILL to the node's process at the fault (no shutdown hook runs, unsynced
 * writes are lost as in a power cut), and at the heal a new process of the same node, same config
 * and data directory, started by the {@link Restarter}. {@link #close} restarts nothing: a killed
 * node holds nothing to give back, and whoever started the cluster stops it.
 */
public final class KillFault implements FaultDriver {
  /** Longest wait for the killed process to be gone. */
  public static final long EXIT_WAIT_MILLIS = 10_000;

  /** Starts the killed node again with its config and data; returns the new process id. */
  @FunctionalInterface
  public interface Restarter {
    long restart();
  }

  private final Restarter restarter;
  private long pid;

  /**
   * Kills process {@code pid} (a node the caller started) and restarts it with {@code restarter}.
   */
  public KillFault(long pid, Restarter restarter) {
    this.pid = ProcessFaults.requireOtherProcess(pid);
    this.restarter = restarter;
  }

  @Override
  public void preflight() {
    ProcessFaults.requireAlive(pid);
  }

  @Override
  public synchronized void inject() {
    ProcessHandle process =
        ProcessHandle.of(pid)
            .orElseThrow(() -> new IllegalStateException("process " + pid + " is already gone"));
    process.destroyForcibly();
    try {
      process.onExit().get(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "process " + pid + " still runs " + EXIT_WAIT_MILLIS + " ms after SIGKILL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + pid, e);
    }
  }

  @Override
  public synchronized void heal() {
    pid = restarter.restart();
  }

  @Override
  public synchronized String describe() {
    return "SIGKILL the node at the fault, start it again (same config and data) at the heal";
  }

  @Override
  public void close() {}
}
