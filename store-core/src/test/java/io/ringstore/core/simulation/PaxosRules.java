package io.ringstore.core.simulation;

import io.ringstore.core.coordinator.ConditionalSettings.ProposerRule;
import io.ringstore.core.replica.PaxosAcceptor.Promises;

/**
 * How every node's Paxos acceptor keeps its promises and every proposer reads the register:
 * production's rules, or a broken one for a bite proof of the linearizability checker.
 */
record PaxosRules(Promises promises, ProposerRule proposer) {
  /** Durable promises, and the proposal accepted under the highest ballot read. */
  static final PaxosRules PRODUCTION = new PaxosRules(Promises.DURABLE, ProposerRule.SOUND);

  /** Proposers that skip the proposals acceptors accepted and read only stored versions. */
  static final PaxosRules PROPOSERS_SKIPPING_ACCEPTED =
      new PaxosRules(Promises.DURABLE, ProposerRule.SKIPS_ACCEPTED);
}
