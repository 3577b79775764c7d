/**
 * A linearizable subject for the simulator and the linearizability checker, until Paxos arrives
 * (docs/TESTING.md, "Linearizability").
 *
 * <ul>
 *   <li>{@link io.ringstore.core.simulation.register.PrimaryCopyRegisterService} plugs it into the
 *       simulator as a {@link io.ringstore.core.simulation.SimulatedService};
 *   <li>{@code PrimaryCopyRegister} is one node's side: the primary serializes and replicates, a
 *       follower forwards; {@code RegisterCopy} is its durable state; {@code RegisterMessage} its
 *       messages; {@code RegisterClients} the clients that record the history;
 *   <li>{@link io.ringstore.core.simulation.register.Variant} breaks it on purpose, to prove the
 *       checker bites.
 * </ul>
 */
package io.ringstore.core.simulation.register;
