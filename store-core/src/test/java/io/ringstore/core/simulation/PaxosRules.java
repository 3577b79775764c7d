package io.ringstore.core.simulation;

import io.ringstore.core.coordinator.ConditionalSettings.LockRule;
import io.ringstore.core.coordinator.ConditionalSettings.ProposerRule;
import io.ringstore.core.replica.PaxosAcceptor.Promises;

/**
 * How every node's Paxos acceptor keeps its promises, every proposer reads the register and locks
 * hand out tokens: production's rules, or a broken one for a bite proof of the linearizability or
 * lock checker.
 */
record PaxosRules(Promises promises, ProposerRule proposer, LockRule locks) {
  /**
   * Durable promises, the proposal accepted under the highest ballot read, and a lock's tokens
   * always one more than the last.
   */
  static final PaxosRules PRODUCTION =
      new PaxosRules(Promises.DURABLE, ProposerRule.SOUND, LockRule.INCREASING);

  /** Proposers that skip the proposals acceptors accepted and read only stored versions. */
  static final PaxosRules PROPOSERS_SKIPPING_ACCEPTED =
      new PaxosRules(Promises.DURABLE, ProposerRule.SKIPS_ACCEPTED, LockRule.INCREASING);

  /** A held lock taken over after half an unchanged lease, while its holder still trusts it. */
  static final PaxosRules LOCKS_TAKEN_OVER_EARLY =
      new PaxosRules(Promises.DURABLE, ProposerRule.SOUND, LockRule.TAKEN_OVER_AT_HALF_LEASE);

  /** Proposers that read a register's fences as none: every fenced write applies. */
  static final PaxosRules PROPOSERS_IGNORING_FENCES =
      new PaxosRules(Promises.DURABLE, ProposerRule.IGNORES_FENCES, LockRule.INCREASING);

  /** A lock taken over from an expired holder keeps the expired grant's token. */
  static final PaxosRules LOCKS_REUSING_TOKENS =
      new PaxosRules(Promises.DURABLE, ProposerRule.SOUND, LockRule.REUSED_AFTER_EXPIRY);
}
