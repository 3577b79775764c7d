package io.ringstore.core.simulation;

import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.util.List;
import java.util.Locale;

/**
 * One client operation in a {@link History}, from invocation to completion.
 *
 * @param id the operation's number in the run
 * @param client which client issued it ({@code -1} for the final reads)
 * @param kind put, get or delete
 * @param key the key, as text
 * @param valueOrNull the value a put wrote; null otherwise
 * @param replicasRequired W for a write, R for a read
 * @param coordinator the node the client asked
 * @param invokeNanos simulated time the client sent it
 * @param completeNanos simulated time the client heard the outcome, or gave up
 * @param outcome ok, failed, or unknown (the client timed out: it may or may not have happened)
 * @param clockOrNull the new version's clock, for an acknowledged put or delete
 * @param versions what an acknowledged get returned
 * @param contextOpId for a put or delete, the operation of the same client whose outcome gave the
 *     context it wrote with (its own earlier write, or a get); -1 for a blind write or a get
 */
public record Operation(
    long id,
    int client,
    Kind kind,
    String key,
    String valueOrNull,
    int replicasRequired,
    String coordinator,
    long invokeNanos,
    long completeNanos,
    Outcome outcome,
    VectorClock clockOrNull,
    List<Versioned> versions,
    long contextOpId) {
  /** What the client asked for. */
  public enum Kind {
    PUT,
    GET,
    DELETE
  }

  /** What the client heard. */
  public enum Outcome {
    OK,
    FAIL,
    UNKNOWN
  }

  public Operation {
    versions = List.copyOf(versions);
  }

  boolean isAcknowledged(Kind expected) {
    return kind == expected && outcome == Outcome.OK;
  }

  /** Whether some returned version carries {@code clock} or supersedes it. */
  boolean observed(VectorClock clock) {
    for (Versioned version : versions) {
      Occurred order = clock.compare(version.clock());
      if (order == Occurred.BEFORE || order == Occurred.EQUAL) {
        return true;
      }
    }
    return false;
  }

  /** One line for reports; never prints value bytes. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "op %d client %d %s %s%s via %s [%d us .. %d us] %s clock=%s versions=%d",
        id,
        client,
        kind,
        key,
        valueOrNull == null ? "" : "=" + valueOrNull,
        coordinator,
        invokeNanos / 1_000,
        completeNanos / 1_000,
        outcome,
        clockOrNull,
        versions.size());
  }
}
