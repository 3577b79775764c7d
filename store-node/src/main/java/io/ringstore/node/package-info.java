/**
 * The node: {@link io.ringstore.node.NodeAssembly} is the one composition root, wiring the protocol
 * services of store-core (coordinator, replica service, membership, log storage engine) to
 * production edges: {@link io.ringstore.core.time.SystemClock} as the {@link
 * io.ringstore.core.time.Clock}; {@link io.ringstore.node.ExecutorScheduler}; the Netty server and
 * peer transport in {@link io.ringstore.node.net}. {@link io.ringstore.node.StartupGate} answers
 * UNAVAILABLE while the node is wired. {@link io.ringstore.node.Main} is the process entry point
 * and the only reader of system properties and the environment; the commands are in {@link
 * io.ringstore.node.cli}, configuration in {@link io.ringstore.node.config}, the cluster benchmark
 * in {@link io.ringstore.node.bench}.
 */
package io.ringstore.node;
