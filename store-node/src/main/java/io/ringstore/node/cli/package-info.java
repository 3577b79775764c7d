/**
 * The {@code ringstore} command line (picocli): {@link io.ringstore.node.cli.RingstoreCommand} and
 * its subcommands {@code node}, {@code get}, {@code put}, {@code delete}, {@code status}, {@code
 * ring} (both with {@code --json}), {@code ping} (the container health check), {@code cluster
 * start|stop} (a local cluster of node processes, {@link io.ringstore.node.cli.LocalCluster},
 * recorded in {@link io.ringstore.node.cli.ClusterState}) and {@code bench} ({@code bench
 * --failover} through {@link io.ringstore.node.cli.FailoverBench}, which starts its own local
 * cluster on distinct 127.0.0.x addresses or uses {@code --seeds}). Commands read nothing from the
 * process themselves: {@code main} hands them a {@link io.ringstore.node.cli.CliEnvironment}.
 */
package io.ringstore.node.cli;
