package io.ringstore.core.coordinator;

import java.util.Objects;
import java.util.Random;

/**
 * How a coordinator runs the Paxos rounds of conditional writes.
 *
 * @param random draws the backoff between contending rounds (seeded in the simulator)
 * @param rule how the proposer reads the register; {@link ProposerRule#SOUND} in production
 * @param locks how the lock service grants; {@link LockRule#INCREASING} in production
 * @param transactions how transactions commit and resolve; {@link TransactionRule#SOUND} in
 *     production
 */
public record ConditionalSettings(
    Random random, ProposerRule rule, LockRule locks, TransactionRule transactions) {
  /** How a proposer finds the register's current version in the promises it collected. */
  public enum ProposerRule {
    /**
     * The proposal accepted under the highest ballot, or a stored version that descends from it: a
     * value a majority may have accepted is never lost.
     */
    SOUND,
    /**
     * The simulator's bite proof: only the stored versions, skipping the accepted proposals, so a
     * value accepted by a majority whose commit has not arrived yet is overwritten as if it had
     * never been written.
     */
    SKIPS_ACCEPTED,
    /**
     * The simulator's bite proof: the register's fences are read as none, so every fenced write
     * applies, whatever token a later holder wrote the key with.
     */
    IGNORES_FENCES
  }

  /** How the lock service grants. */
  public enum LockRule {
    /** One more token than the last grant's, after a whole unchanged lease: production's. */
    INCREASING,
    /**
     * The simulator's bite proof: a grant that takes over an expired lease reuses the expired
     * grant's token, so the old holder's fenced writes are not refused.
     */
    REUSED_AFTER_EXPIRY,
    /**
     * The simulator's bite proof: a held lock is taken over after half an unchanged lease, while
     * its holder still trusts it.
     */
    TAKEN_OVER_AT_HALF_LEASE
  }

  /** How transactions commit and resolve. */
  public enum TransactionRule {
    /** Writes apply only once the transaction's record says it committed: production's. */
    SOUND,
    /**
     * The simulator's bite proof: a written key takes its new value as soon as it is prepared,
     * before the record commits, so a transaction that then aborts leaves some of its writes.
     */
    APPLIES_BEFORE_COMMIT,
    /**
     * The simulator's bite proof: a resolver that meets the intent of a committed transaction drops
     * it as if the transaction had aborted, losing that key's write.
     */
    RESOLVER_ABORTS_COMMITTED,
    /**
     * The simulator's bite proof: no node sweeps the intents it holds, so an intent whose
     * coordinator stopped stays until someone meets it.
     */
    INTENTS_NOT_SWEPT
  }

  public ConditionalSettings {
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(locks, "locks");
    Objects.requireNonNull(transactions, "transactions");
  }

  /** Settings with sound transactions. */
  public ConditionalSettings(Random random, ProposerRule rule, LockRule locks) {
    this(random, rule, locks, TransactionRule.SOUND);
  }

  /** Settings with sound lock tokens and transactions. */
  public ConditionalSettings(Random random, ProposerRule rule) {
    this(random, rule, LockRule.INCREASING);
  }

  /** These settings with transactions committed and resolved by {@code transactions}. */
  public ConditionalSettings withTransactions(TransactionRule transactions) {
    return new ConditionalSettings(random, rule, locks, transactions);
  }

  /** The production settings, drawing backoffs from {@code random}. */
  public static ConditionalSettings sound(Random random) {
    return new ConditionalSettings(random, ProposerRule.SOUND);
  }
}
