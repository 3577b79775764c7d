package io.ringstore.node.bench;

import java.util.List;

/**
 * {@link Fault#PAUSE}: SIGSTOP to the node's process at the fault, SIGCONT at the heal (with {@code
 * kill -STOP} and {@code kill -CONT}: the JDK cannot send them). The process keeps its sockets open
 * and answers nothing, as in a long GC pause.
 */
public final class PauseFault implements FaultDriver {
  private final long pid;
  private final CommandRunner commands;
  private boolean paused;

  /**
   * Pauses process {@code pid}, which must be a node this run may signal (the caller checks it runs
   * a ringstore node); never this JVM.
   */
  public PauseFault(long pid, CommandRunner commands) {
    this.pid = ProcessFaults.requireOtherProcess(pid);
    this.commands = commands;
  }

  @Override
  public void preflight() {
    ProcessFaults.requireAlive(pid);
  }

  @Override
  public synchronized void inject() {
    signal("-STOP");
    paused = true;
  }

  @Override
  public synchronized void heal() {
    signal("-CONT");
    paused = false;
  }

  private void signal(String signal) {
    CommandRunner.Result result = commands.run(List.of("kill", signal, Long.toString(pid)));
    if (!result.succeeded()) {
      throw new IllegalStateException(
          "kill "
              + signal
              + " "
              + pid
              + " failed (exit "
              + result.exitCode()
              + "): "
              + result.output());
    }
  }

  @Override
  public String describe() {
    return "SIGSTOP pid " + pid + " at the fault, SIGCONT at the heal";
  }

  @Override
  public synchronized void close() {
    if (paused) {
      try {
        heal();
      } catch (RuntimeException e) {
        paused = false;
      }
    }
  }

  /** Whether the process is stopped by this driver now. */
  public synchronized boolean paused() {
    return paused;
  }
}
