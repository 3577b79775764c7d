/**
 * The cluster benchmark behind {@code ringstore bench}.
 *
 * <ul>
 *   <li>{@link io.ringstore.node.bench.BenchRun} drives a YCSB-style read/update workload through
 *       the Java client and reports latency from HdrHistogram; {@link
 *       io.ringstore.node.bench.ZipfianGenerator} draws skewed keys (Gray et al. 1994, as in YCSB);
 *       {@link io.ringstore.node.bench.BenchSettings} holds the checked flags.
 *   <li>The failover benchmark ({@code --failover}): {@link io.ringstore.node.bench.FailoverRun}
 *       runs a BenchRun in failover mode, injects a {@link io.ringstore.node.bench.Fault} through a
 *       {@link io.ringstore.node.bench.FaultDriver} ({@link io.ringstore.node.bench.KillFault},
 *       {@link io.ringstore.node.bench.PauseFault}, {@link io.ringstore.node.bench.PartitionFault},
 *       the last two through a {@link io.ringstore.node.bench.CommandRunner}), records every
 *       acknowledged write in an {@link io.ringstore.node.bench.AckedWriteLedger} and reads them
 *       back at ALL; {@code FailureCauses} counts failed operations by cause; {@link
 *       io.ringstore.node.bench.MemberStateWatch} polls a {@link
 *       io.ringstore.node.bench.MemberStateProbe} for what each node believes of the faulted one;
 *       {@link io.ringstore.node.bench.FailoverAnalysis} reads stall and recovery off the {@link
 *       io.ringstore.node.bench.TimelinePoint}s; {@link io.ringstore.node.bench.TimelineCsv} and
 *       {@link io.ringstore.node.bench.HtmlReport} write the {@link
 *       io.ringstore.node.bench.FailoverReport}; {@link io.ringstore.node.bench.FailoverSettings}
 *       holds its checked flags.
 * </ul>
 */
package io.ringstore.node.bench;
