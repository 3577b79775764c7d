/**
 * A linearizability checker for single-key histories (docs/TESTING.md, "Linearizability").
 *
 * <ul>
 *   <li>{@link io.ringstore.core.simulation.linearizability.LinearizabilityChecker} splits a
 *       history of {@link io.ringstore.core.simulation.linearizability.RecordedOp}s by key and runs
 *       one {@code WglSearch} (Wing and Gong with Lowe's memoization) per key, into a {@link
 *       io.ringstore.core.simulation.linearizability.LinearizabilityReport} of {@link
 *       io.ringstore.core.simulation.linearizability.KeyVerdict}s;
 *   <li>{@link io.ringstore.core.simulation.linearizability.Model} is a sequential specification:
 *       {@link io.ringstore.core.simulation.linearizability.RegisterModel} (read, write) and {@link
 *       io.ringstore.core.simulation.linearizability.CasRegisterModel} (and compare-and-set), over
 *       {@link io.ringstore.core.simulation.linearizability.RegisterCommand}s answered by {@link
 *       io.ringstore.core.simulation.linearizability.RegisterResponse}s.
 * </ul>
 */
package io.ringstore.core.simulation.linearizability;
