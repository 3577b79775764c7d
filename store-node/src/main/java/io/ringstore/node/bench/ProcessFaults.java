package io.ringstore.node.bench;

/** Argument checks the process faults share. */
final class ProcessFaults {
  private ProcessFaults() {}

  /** {@code pid}, if it could be a node: positive, not init, not this JVM. */
  static long requireOtherProcess(long pid) {
    if (pid <= 1) {
      throw new IllegalArgumentException("--fault-pid is " + pid + ", must be a node's process id");
    }
    if (pid == ProcessHandle.current().pid()) {
      throw new IllegalArgumentException(
          "--fault-pid " + pid + " is this benchmark's own process, not a node's");
    }
    return pid;
  }

  /** Throws unless process {@code pid} is alive. */
  static void requireAlive(long pid) {
    if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
      throw new IllegalStateException("process " + pid + " is not running");
    }
  }
}
