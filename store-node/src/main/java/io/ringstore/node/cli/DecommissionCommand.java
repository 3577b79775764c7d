package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.wire.ClusterStateResponse;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.RepairStatus;
import io.ringstore.core.wire.Response;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ringstore decommission --node ID [--wait]}: the node hands each range it replicates to the
 * nodes that replicate it once it is gone (writes reach those too meanwhile), then announces LEFT
 * and owns nothing; stop its process once the ring settle time (10 s) has passed after that, as the
 * others keep writing to it until then. With {@code --wait} a line a second shows its status and
 * its stream (ranges synced, keys sent) until it has LEFT; the exit code is 0 once it has, 1 if it
 * refused (not a NORMAL member, or the ring would keep fewer than N members: the reason is
 * printed), stopped answering, or did not leave within {@code --wait-seconds}.
 */
@Command(
    name = "decommission",
    mixinStandardHelpOptions = true,
    description = "Hand a node's ranges to their next owners, then take it off the ring.")
final class DecommissionCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Option(names = "--node", required = true, description = "the node to decommission")
  private String node;

  @Option(names = "--wait", description = "follow the node until it has left the ring")
  private boolean await;

  @Option(
      names = "--wait-seconds",
      description = "with --wait: give up after this long (default 3600)")
  private long waitSeconds = 3_600;

  DecommissionCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::decommission);
  }

  private int decommission() {
    PrintWriter out = spec.commandLine().getOut();
    try (NodeProbe probe = client.probe(environment)) {
      NodeId id = NodeId.of(node);
      HostPort address = addressOf(probe, id);
      Optional<Response> answer = probe.decommission(address, client.timeoutMillis);
      if (answer.isEmpty()) {
        out.printf(Locale.ROOT, "%s (%s): did not answer%n", id, address);
        out.flush();
        return ClientCalls.FAILED;
      }
      if (answer.get() instanceof ErrorResponse refused) {
        out.printf(Locale.ROOT, "%s: cannot decommission: %s%n", id, refused.message());
        out.flush();
        return ClientCalls.FAILED;
      }
      out.printf(Locale.ROOT, "%s: decommissioning (LEAVING)%n", id);
      out.flush();
      return await ? follow(probe, id, address, out) : CommandLine.ExitCode.OK;
    }
  }

  /** Prints a line a second until the node says it has LEFT; whether it did. */
  private int follow(NodeProbe probe, NodeId id, HostPort address, PrintWriter out) {
    long deadlineNanos =
        environment.clock().monotonicNanos() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (true) {
      Optional<MemberStatus> status = statusOf(probe, id, address);
      if (status.isEmpty()) {
        out.printf(Locale.ROOT, "%s: stopped answering while leaving%n", id);
        out.flush();
        return ClientCalls.FAILED;
      }
      if (status.get() == MemberStatus.LEFT) {
        out.printf(
            Locale.ROOT,
            "%s: LEFT; it owns nothing now. Stop its process in 10 s (the ring settle time),"
                + " once the others no longer write to it%n",
            id);
        out.flush();
        return CommandLine.ExitCode.OK;
      }
      Optional<RepairStatus> stream = probe.repair(address, false, client.timeoutMillis);
      out.println(
          status.get()
              + " "
              + stream.map(s -> RepairCommand.progressLine(id, s)).orElse(id + ": no stream yet"));
      out.flush();
      if (environment.clock().monotonicNanos() > deadlineNanos) {
        out.printf(Locale.ROOT, "%s: not left after %d s; stopped waiting%n", id, waitSeconds);
        out.flush();
        return ClientCalls.FAILED;
      }
      ClientCalls.pause(RepairCommand.POLL_MILLIS);
    }
  }

  /** The status the node announces, as it sees itself; empty if it does not answer. */
  private Optional<MemberStatus> statusOf(NodeProbe probe, NodeId id, HostPort address) {
    return probe
        .clusterState(address, client.timeoutMillis)
        .flatMap(
            state ->
                state.members().stream()
                    .filter(view -> view.member().id().equals(id))
                    .map(ClusterStateResponse.MemberView::status)
                    .findFirst());
  }

  private HostPort addressOf(NodeProbe probe, NodeId id) {
    Ring ring = probe.requireRing(client.seeds(environment), client.timeoutMillis);
    Member member =
        ring.member(id)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--node "
                            + id
                            + " is not on the ring; its members are "
                            + ring.members().stream().map(m -> m.id().value()).toList()));
    return new HostPort(member.host(), member.port());
  }
}
