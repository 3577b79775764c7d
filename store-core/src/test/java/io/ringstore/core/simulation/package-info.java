/**
 * The deterministic simulator (DESIGN.md, "The one architectural rule"; docs/TESTING.md).
 *
 * <ul>
 *   <li>{@link io.ringstore.core.simulation.Simulator} builds and runs one cluster under one seed;
 *       {@code EventQueue} orders every event by (simulated time, sequence);
 *   <li>{@code SimulatedNetwork} delays, loses, duplicates and partitions messages; {@code
 *       SimulatedNode} holds a node's real services over its own drifting {@code NodeClock}, and
 *       crashes and restarts them; {@code FaultPlan} draws the faults ({@code NodeFaults}: crashes,
 *       lost disks, a final power cut) from the seed;
 *   <li>{@code SimulatedStorage} is a node's real {@code LogStorageEngine} over its {@code
 *       SimulatedDisk}, which keeps only forced bytes and names at a crash and may tear the last
 *       write; {@code SimulatedFileChannel} reports the engine's writes and forces to it;
 *   <li>{@code Workload} is the clients, writing a {@link io.ringstore.core.simulation.History};
 *       {@link io.ringstore.core.simulation.EventLog} is the line-per-event record replay compares;
 *   <li>{@link io.ringstore.core.simulation.Checker}s judge a history: {@link
 *       io.ringstore.core.simulation.NoLostWriteChecker}, {@link
 *       io.ringstore.core.simulation.ReadYourWritesChecker}; {@code AckWithoutStoring} is a broken
 *       replica that proves they bite;
 *   <li>{@link io.ringstore.core.simulation.SimulatedService} plugs a test-only service into every
 *       node, with {@link io.ringstore.core.simulation.ServiceNode}, {@link
 *       io.ringstore.core.simulation.ServiceClients}, {@link
 *       io.ringstore.core.simulation.ServiceEndpoint} and {@link
 *       io.ringstore.core.simulation.ServiceOutbox}; the {@code linearizability} sub-package checks
 *       its histories and the {@code register} sub-package is the first such service.
 * </ul>
 */
package io.ringstore.core.simulation;
