package io.ringstore.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@link Fault#PARTITION}: at the fault, packet filter rules drop every packet on the loopback
 * interface from or to the node's address (a 127.0.0.x of its own, which its outgoing peer
 * connections are bound to as well), so that neither its peers nor the benchmark's client reach it
 * and it reaches nobody; established connections go silent, as in a real partition. At the heal
 * exactly the rules added are deleted.
 *
 * <p>Rules are {@code iptables -w -I INPUT -i lo -s|-d <address> -m comment --comment <tag> -j
 * DROP}; on loopback every packet passes the INPUT chain once, so the two rules cut both
 * directions. The tag names this process, so deleting a rule never removes someone else's. {@link
 * #close} deletes whatever is still in place; callers also run it from a JVM shutdown hook.
 *
 * <p><b>Bounds.</b> Only addresses in 127.0.0.0/8 other than 127.0.0.1 (which every process on the
 * machine uses): the rules cannot touch real traffic.
 */
public final class PartitionFault implements FaultDriver {
  private static final Pattern LOOPBACK_IPV4 =
      Pattern.compile(
          "127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)\\."
              + "(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
  private static final String SHARED_LOOPBACK = "127.0.0.1";

  private final String address;
  private final CommandRunner commands;
  private final String tag;
  private final List<List<String>> rulesInPlace = new ArrayList<>();

  /**
   * Partitions the node listening on {@code address}, a 127.0.0.x other than 127.0.0.1.
   *
   * @throws IllegalArgumentException if the address is not such a literal
   */
  public PartitionFault(String address, CommandRunner commands) {
    if (!LOOPBACK_IPV4.matcher(address).matches() || address.equals(SHARED_LOOPBACK)) {
      throw new IllegalArgumentException(
          "partition needs the node on a loopback address of its own (127.0.0.2 to"
              + " 127.255.255.255, not 127.0.0.1 which every local process uses), not '"
              + address
              + "'");
    }
    this.address = address;
    this.commands = commands;
    this.tag = "ringstore-bench-" + ProcessHandle.current().pid();
  }

  @Override
  public void preflight() {
    CommandRunner.Result result;
    try {
      result = commands.run(List.of("iptables", "-w", "-S", "INPUT"));
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "partition needs iptables, which cannot be run here ("
              + e.getMessage()
              + "); install it (apt-get install -y iptables) and run as root",
          e);
    }
    if (!result.succeeded()) {
      throw new IllegalStateException(
          "partition needs the right to change packet filters (root, or CAP_NET_ADMIN):"
              + " 'iptables -w -S INPUT' failed (exit "
              + result.exitCode()
              + "): "
              + result.output());
    }
  }

  @Override
  public synchronized void inject() {
    for (String direction : List.of("-s", "-d")) {
      List<String> rule = rule(direction);
      run("-I", rule);
      rulesInPlace.add(rule);
    }
  }

  @Override
  public synchronized void heal() {
    IllegalStateException first = null;
    for (List<String> rule : List.copyOf(rulesInPlace)) {
      try {
        run("-D", rule);
        rulesInPlace.remove(rule);
      } catch (IllegalStateException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private List<String> rule(String direction) {
    return List.of(
        "INPUT", "-i", "lo", direction, address, "-m", "comment", "--comment", tag, "-j", "DROP");
  }

  private void run(String action, List<String> rule) {
    List<String> command = new ArrayList<>(List.of("iptables", "-w", action));
    command.addAll(rule);
    CommandRunner.Result result = commands.run(command);
    if (!result.succeeded()) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed (exit "
              + result.exitCode()
              + "): "
              + result.output());
    }
  }

  /** The rules added and not yet deleted, as iptables arguments after the action. */
  public synchronized List<List<String>> rulesInPlace() {
    return List.copyOf(rulesInPlace);
  }

  @Override
  public String describe() {
    return "drop every loopback packet from or to " + address + " (iptables INPUT on lo)";
  }

  @Override
  public synchronized void close() {
    try {
      heal();
    } catch (RuntimeException e) {
      // Best effort: heal() already tried every rule; what is left is reported by rulesInPlace().
    }
  }
}
