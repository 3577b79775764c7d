package io.ringstore.core.membership;

import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.wire.GossipState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a node keeps what it must remember of its membership across restarts: its generation (how
 * many times it started), the tokens it chose and the members it knew. Tokens are chosen once, so
 * that a restarted node owns exactly the ranges it owned before; the generation tells the others
 * that its heartbeat counter started again.
 */
public interface MembershipStore {
  /**
   * What a node remembers: its own generation and tokens (empty until it chose them), and the
   * members it knew, so that it routes on the ring it left before it hears any gossip.
   */
  record Saved(long generation, long[] tokens, List<GossipState> members, MemberStatus status) {
    /** Rejects a negative generation; copies the list, not the token array. */
    public Saved {
      if (generation < 0 || tokens == null || status == null) {
        throw new IllegalArgumentException(
            "saved membership needs a generation >= 0, tokens and a status");
      }
      members = List.copyOf(members);
    }

    /** What a node saved before statuses were: NORMAL once it had tokens, JOINING before. */
    public Saved(long generation, long[] tokens, List<GossipState> members) {
      this(
          generation,
          tokens,
          members,
          tokens != null && tokens.length > 0 ? MemberStatus.NORMAL : MemberStatus.JOINING);
    }
  }

  /**
   * What the last {@link #save} stored, or empty for a node that never started.
   *
   * @throws IllegalStateException if what is stored is corrupt (the message says what to do)
   */
  Optional<Saved> load();

  /**
   * Stores {@code saved} durably; returns once it is durable.
   *
   * @throws java.io.UncheckedIOException if it cannot be made durable
   */
  void save(Saved saved);

  /** A store in memory: survives restarts within one process (tests, the simulator). */
  static MembershipStore inMemory() {
    AtomicReference<Saved> saved = new AtomicReference<>();
    return new MembershipStore() {
      @Override
      public Optional<Saved> load() {
        Saved current = saved.get();
        return current == null
            ? Optional.empty()
            : Optional.of(
                new Saved(
                    current.generation(),
                    current.tokens().clone(),
                    current.members(),
                    current.status()));
      }

      @Override
      public void save(Saved next) {
        saved.set(
            new Saved(next.generation(), next.tokens().clone(), next.members(), next.status()));
      }
    };
  }
}
