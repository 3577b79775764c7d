package io.ringstore.core.coordinator;

import java.util.Objects;
import java.util.Random;

/**
 * How a coordinator runs the Paxos rounds of conditional writes.
 *
 * @param random draws the backoff between contending rounds (seeded in the simulator)
 * @param rule how the proposer reads the register; {@link ProposerRule#SOUND} in production
 */
public record ConditionalSettings(Random random, ProposerRule rule) {
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
    SKIPS_ACCEPTED
  }

  public ConditionalSettings {
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(rule, "rule");
  }

  /** The production settings, drawing backoffs from {@code random}. */
  public static ConditionalSettings sound(Random random) {
    return new ConditionalSettings(random, ProposerRule.SOUND);
  }
}
