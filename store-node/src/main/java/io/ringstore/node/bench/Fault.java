package io.ringstore.node.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The faults the failover benchmark injects into one node, and how each is healed. */
public enum Fault {
  /** SIGKILL the node; heal by starting it again with the same config and data directory. */
  KILL,
  /** SIGSTOP the node (a long GC pause, a hung disk); heal with SIGCONT. */
  PAUSE,
  /** Drop every packet to and from the node's address; heal by removing the rules. */
  PARTITION;

  /** The fault named {@code name} (kill, pause, partition), naming the flag if there is none. */
  public static Fault parse(String name) {
    for (Fault fault : values()) {
      if (fault.flagValue().equals(name)) {
        return fault;
      }
    }
    throw new IllegalArgumentException(
        "--fault is '"
            + name
            + "', must be one of "
            + Arrays.stream(values()).map(Fault::flagValue).collect(Collectors.joining(", ")));
  }

  /** How the flag spells it: {@code kill}, {@code pause}, {@code partition}. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
