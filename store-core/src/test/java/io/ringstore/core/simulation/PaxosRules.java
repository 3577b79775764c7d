package io.ringstore.core.simulation;

import io.ringstore.core.coordinator.ConditionalSettings.LockRule;
import io.ringstore.core.coordinator.ConditionalSettings.ProposerRule;
import io.ringstore.core.coordinator.ConditionalSettings.TransactionRule;
import io.ringstore.core.replica.PaxosAcceptor.Promises;

/**
 * How every node's Paxos acceptor keeps its promises, every proposer reads the register, locks hand
 * out tokens and transactions commit: production's rules, or a broken one for a bite proof of the
 * linearizability, lock or transaction checker.
 */
record PaxosRules(
    Promises promises, ProposerRule proposer, LockRule locks, TransactionRule transactions) {
  PaxosRules(Promises promises, ProposerRule proposer, LockRule locks) {
    this(promises, proposer, locks, TransactionRule.SOUND);
  }

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

  /** Written keys take their transaction's values as soon as they are prepared. */
  static final PaxosRules TRANSACTIONS_APPLYING_BEFORE_COMMIT =
      new PaxosRules(
          Promises.DURABLE,
          ProposerRule.SOUND,
          LockRule.INCREASING,
          TransactionRule.APPLIES_BEFORE_COMMIT);

  /** No node sweeps its old intents: only meeting them resolves them. */
  static final PaxosRules INTENTS_NOT_SWEPT =
      new PaxosRules(
          Promises.DURABLE,
          ProposerRule.SOUND,
          LockRule.INCREASING,
          TransactionRule.INTENTS_NOT_SWEPT);

  /** Whoever meets a committed transaction's intent drops it as if it had aborted. */
  static final PaxosRules RESOLVERS_ABORTING_COMMITTED =
      new PaxosRules(
          Promises.DURABLE,
          ProposerRule.SOUND,
          LockRule.INCREASING,
          TransactionRule.RESOLVER_ABORTS_COMMITTED);
}
