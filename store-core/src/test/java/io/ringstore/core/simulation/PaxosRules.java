package io.ringstore.core.simulation;

import io.ringstore.core.coordinator.ConditionalSettings.LockTokenRule;
import io.ringstore.core.coordinator.ConditionalSettings.ProposerRule;
import io.ringstore.core.replica.PaxosAcceptor.Promises;

/**
 * How every node's Paxos acceptor keeps its promises and every proposer reads the register:
 * production's rules, or a broken one for a bite proof of the linearizability checker.
 */
record PaxosRules(Promises promises, ProposerRule proposer, LockTokenRule lockTokens) {
  /**
   * Durable promises, the proposal accepted under the highest ballot read, and a lock's tokens
   * always one more than the last.
   */
  static final PaxosRules PRODUCTION =
      new PaxosRules(Promises.DURABLE, ProposerRule.SOUND, LockTokenRule.INCREASING);

  /** Proposers that skip the proposals acceptors accepted and read only stored versions. */
  static final PaxosRules PROPOSERS_SKIPPING_ACCEPTED =
      new PaxosRules(Promises.DURABLE, ProposerRule.SKIPS_ACCEPTED, LockTokenRule.INCREASING);

  /** A lock taken over from an expired holder keeps the expired grant's token. */
  static final PaxosRules LOCKS_REUSING_TOKENS =
      new PaxosRules(Promises.DURABLE, ProposerRule.SOUND, LockTokenRule.REUSED_AFTER_EXPIRY);
}
