/**
 * The deterministic simulator (DESIGN.md, "The one architectural rule"; docs/TESTING.md).
 *
 * <ul>
 *   <li>{@link io.ringstore.core.simulation.Simulator} builds and runs one cluster under one seed,
 *       phase by phase; {@code EventQueue} orders every event by (simulated time, sequence);
 *   <li>{@code SimulatedNetwork} carries every message through the real frame codec, and delays,
 *       loses, duplicates and partitions it; {@code SimulatedNode} holds a node's real services
 *       (coordinator, replica, membership) over its own drifting {@code NodeClock}, and crashes,
 *       restarts and wipes them;
 *   <li>{@link io.ringstore.core.simulation.FaultSchedule} is a run's timed {@link
 *       io.ringstore.core.simulation.Fault}s, written by hand with its builder or drawn by a {@link
 *       io.ringstore.core.simulation.Nemesis} ({@code RandomFaults} does the drawing); {@code
 *       FaultInjector} applies it and records the {@link io.ringstore.core.simulation.FaultFacts};
 *   <li>{@code SimulatedStorage} is a node's real {@code LogStorageEngine} over its {@code
 *       SimulatedDisk}, which keeps only forced bytes and names at a crash, may tear the last
 *       write, and can lose power in the middle of a write ({@code Fault.PowerFailMidWrite});
 *       {@code SimulatedFileChannel} reports the engine's writes and forces to it; {@code
 *       NoStoreAfterPowerFailure} fails a run whose engine reports a put stored after its disk lost
 *       power; engine decorators extend {@code ForwardingStorageEngine};
 *   <li>{@code Workload} is the clients, writing a {@link io.ringstore.core.simulation.History};
 *       {@link io.ringstore.core.simulation.EventLog} is the line-per-event record replay compares;
 *       {@code RepairPhase} runs before replicas are compared (the read sweep: read repair over
 *       every key);
 *   <li>{@link io.ringstore.core.simulation.Checker}s judge a history: {@link
 *       io.ringstore.core.simulation.NoLostWriteChecker}, {@link
 *       io.ringstore.core.simulation.ReadYourWritesChecker}, {@link
 *       io.ringstore.core.simulation.ConvergenceChecker}; {@code AckWithoutStoring} is a broken
 *       replica (a storage engine decorator) that proves they bite;
 *   <li>{@link io.ringstore.core.simulation.SimulatedService} plugs a test-only service into every
 *       node, with {@link io.ringstore.core.simulation.ServiceNode}, {@link
 *       io.ringstore.core.simulation.ServiceClients}, {@link
 *       io.ringstore.core.simulation.ServiceEndpoint} and {@link
 *       io.ringstore.core.simulation.ServiceOutbox}; the {@code linearizability} sub-package checks
 *       its histories and the {@code register} sub-package is the first such service.
 * </ul>
 */
package io.ringstore.core.simulation;
