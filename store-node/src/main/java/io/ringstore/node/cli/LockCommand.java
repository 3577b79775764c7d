package io.ringstore.node.cli;

import io.ringstore.client.ConditionalResult;
import io.ringstore.client.Lease;
import io.ringstore.client.LockNotGrantedException;
import io.ringstore.client.LockStatus;
import io.ringstore.client.RingstoreClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ringstore lock acquire | release | status NAME}: the store's named locks from the shell.
 * An acquisition prints its fencing token; without {@code --hold-ms} the command exits holding the
 * lock, unrenewed, until {@code lock release NAME --token T} or the lease's end. With {@code
 * --hold-ms} it holds (renewing) for that long, optionally writes a key fenced by its token ({@code
 * --then-put}: refused if a later holder wrote the key meanwhile), and releases.
 */
@Command(
    name = "lock",
    mixinStandardHelpOptions = true,
    description = "Acquire, release or inspect a named lock (leases with fencing tokens).")
final class LockCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Exit code of an acquisition not granted, or a release or fenced write refused. */
  static final int NOT_APPLIED = PutCommand.NOT_APPLIED;

  /** The picocli command line of {@code lock} and its subcommands. */
  static CommandLine commandLine(CliEnvironment environment) {
    CommandLine line = new CommandLine(new LockCommand());
    line.addSubcommand("acquire", new Acquire(environment));
    line.addSubcommand("release", new Release(environment));
    line.addSubcommand("status", new Status(environment));
    return line;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "say 'acquire', 'release' or 'status'");
  }

  /** What every lock subcommand has: the client options, the lock's name, a client to run with. */
  abstract static class LockSubcommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin private ClientOptions client;

    @Parameters(index = "0", description = "the lock's name")
    String name;

    LockSubcommand(CliEnvironment environment) {
      this.environment = environment;
    }

    @Override
    public Integer call() {
      return ClientCalls.withClient(spec, client, environment, this::run);
    }

    /** Runs the subcommand with a connected client; returns the exit code. */
    abstract int run(RingstoreClient ringstore);

    void println(String line) {
      spec.commandLine().getOut().println(line);
    }
  }

  @Command(
      name = "acquire",
      mixinStandardHelpOptions = true,
      description = "Acquire a lock; prints its fencing token.")
  static final class Acquire extends LockSubcommand {
    @Option(names = "--lease-ms", description = "the lease (default 30000)")
    private long leaseMillis = 30_000;

    @Option(names = "--wait-ms", description = "how long to wait while it is held (default 0)")
    private long waitMillis;

    @Option(
        names = "--hold-ms",
        description = "hold it (renewing) this long, then release it; 0 exits holding it")
    private long holdMillis;

    @Option(
        names = "--then-put",
        arity = "2",
        paramLabel = "KEY_VALUE",
        description = "after the hold, write KEY VALUE fenced by the grant's token")
    private String[] thenPut;

    Acquire(CliEnvironment environment) {
      super(environment);
    }

    @Override
    public Integer call() {
      if (thenPut != null && holdMillis <= 0) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--then-put writes after the hold: give --hold-ms too");
      }
      return super.call();
    }

    @Override
    int run(RingstoreClient ringstore) {
      Lease lease;
      try {
        lease =
            ringstore
                .lock(name)
                .acquire(Duration.ofMillis(leaseMillis), Duration.ofMillis(waitMillis));
      } catch (LockNotGrantedException busy) {
        println(
            "not granted: held with fencing token "
                + busy.holder().fencingToken()
                + ", lease "
                + busy.holder().lease().toMillis()
                + " ms");
        return NOT_APPLIED;
      }
      println(
          "granted "
              + name
              + " fencing token "
              + lease.fencingToken()
              + " lease "
              + leaseMillis
              + " ms");
      spec.commandLine().getOut().flush();
      if (holdMillis <= 0) {
        println(
            "held until the lease ends, unrenewed; free it with: ringstore lock release "
                + name
                + " --token "
                + lease.fencingToken());
        return CommandLine.ExitCode.OK;
      }
      ClientCalls.pause(holdMillis);
      int exit = thenPut == null ? CommandLine.ExitCode.OK : putFenced(ringstore, lease);
      boolean wasValid = lease.isValid();
      lease.release();
      println(wasValid ? "released" : "lease had ended");
      return exit;
    }

    private int putFenced(RingstoreClient ringstore, Lease lease) {
      ConditionalResult written =
          ringstore.putFenced(
              thenPut[0].getBytes(StandardCharsets.UTF_8),
              thenPut[1].getBytes(StandardCharsets.UTF_8),
              lease.fence());
      println(
          written.applied()
              ? "fenced put applied"
              : "fenced put refused: a later holder of " + name + " wrote " + thenPut[0]);
      return written.applied() ? CommandLine.ExitCode.OK : NOT_APPLIED;
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = "Release the grant with a fencing token, if it still holds the lock.")
  static final class Release extends LockSubcommand {
    @Option(names = "--token", required = true, description = "the grant's fencing token")
    private long token;

    Release(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int run(RingstoreClient ringstore) {
      boolean released = ringstore.lock(name).release(token);
      println(released ? "released" : "not held by the grant with token " + token);
      return released ? CommandLine.ExitCode.OK : NOT_APPLIED;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show who holds a lock, read linearizably.")
  static final class Status extends LockSubcommand {
    Status(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int run(RingstoreClient ringstore) {
      LockStatus status = ringstore.lock(name).status();
      println(
          status.held()
              ? "held: fencing token "
                  + status.fencingToken()
                  + ", lease "
                  + status.lease().toMillis()
                  + " ms, owner "
                  + Long.toHexString(status.owner())
              : "free: last fencing token " + status.fencingToken());
      return CommandLine.ExitCode.OK;
    }
  }
}
