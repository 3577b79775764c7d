package io.ringstore.core.membership;

import java.util.concurrent.TimeUnit;

/**
 * How gossip and failure detection behave. The defaults are tuned for a LAN: one round a second
 * with up to three peers, a dead node convicted about two seconds after its last heartbeat, a node
 * that leaves requests unanswered for 250 ms suspected at once.
 *
 * @param intervalMillis time between two gossip rounds
 * @param fanout peers gossiped with per round, besides an occasional seed and down member
 * @param phiSuspect phi at or above which a member is SUSPECT
 * @param phiConvict phi at or above which a member is DOWN
 * @param phiWindow heartbeat intervals the detector remembers
 * @param minStdDeviationMillis the smallest deviation of heartbeat intervals the detector assumes
 * @param acceptablePauseMillis extra silence the detector tolerates before phi grows
 * @param checkIntervalMillis time between two judgements of every member's liveness
 * @param silentAfterMillis a node leaving requests unanswered this long is suspected
 * @param joinWaitRounds rounds a node with no tokens waits for a seed's answer before it chooses
 *     tokens on the ring it knows; a member that joins later waits for the members it knows with an
 *     id before its own to announce tokens first, for at most twice this
 * @param ringSettleRounds rounds a ring change takes to reach every node, as far as writes are
 *     concerned: a joining node waits this long after announcing its tokens before it streams, and
 *     a replaced ring stays among the pending rings this long (Cassandra's RING_DELAY); ten rounds
 *     reach hundreds of nodes with fanout 3 with high probability
 */
public record GossipSettings(
    long intervalMillis,
    int fanout,
    double phiSuspect,
    double phiConvict,
    int phiWindow,
    long minStdDeviationMillis,
    long acceptablePauseMillis,
    long checkIntervalMillis,
    long silentAfterMillis,
    int joinWaitRounds,
    int ringSettleRounds) {
  /** Shortest interval accepted. */
  public static final long INTERVAL_MILLIS_MIN = 10;

  /** Longest interval accepted. */
  public static final long INTERVAL_MILLIS_MAX = 60_000;

  /** Most peers per round. */
  public static final int FANOUT_MAX = 16;

  /** Checks every field. */
  public GossipSettings {
    require(
        intervalMillis >= INTERVAL_MILLIS_MIN && intervalMillis <= INTERVAL_MILLIS_MAX,
        "intervalMillis "
            + intervalMillis
            + " must be "
            + INTERVAL_MILLIS_MIN
            + " to "
            + INTERVAL_MILLIS_MAX);
    require(fanout >= 1 && fanout <= FANOUT_MAX, "fanout must be 1 to " + FANOUT_MAX);
    require(
        phiSuspect > 0 && phiConvict >= phiSuspect,
        "phi thresholds: 0 < suspect (" + phiSuspect + ") <= convict (" + phiConvict + ")");
    require(phiWindow >= 2 && phiWindow <= 10_000, "phiWindow must be 2 to 10000");
    require(minStdDeviationMillis > 0, "minStdDeviationMillis must be positive");
    require(acceptablePauseMillis >= 0, "acceptablePauseMillis must not be negative");
    require(checkIntervalMillis > 0, "checkIntervalMillis must be positive");
    require(silentAfterMillis > 0, "silentAfterMillis must be positive");
    require(joinWaitRounds >= 1 && joinWaitRounds <= 1_000, "joinWaitRounds must be 1 to 1000");
    require(
        ringSettleRounds >= 1 && ringSettleRounds <= 1_000, "ringSettleRounds must be 1 to 1000");
  }

  /**
   * One round a second with three peers; suspect at phi 5, convict at phi 8 with a deviation of at
   * least 150 ms: with heartbeats a second apart, phi reaches 5 about 1.62 s and 8 about 1.78 s
   * after the last one, so a dead node is DOWN everywhere within 2 s of its death (with 200 ms the
   * failover benchmark measured 2.0 to 2.2 s; the simulator's no-false-conviction checker passes
   * 600 seeds with 150); a node silent on requests for 250 ms is suspected; liveness judged every
   * 100 ms.
   */
  public static GossipSettings defaults() {
    return new GossipSettings(1_000, 3, 5, 8, 100, 150, 0, 100, 250, 3, 10);
  }

  /** These settings with another round interval. */
  public GossipSettings withIntervalMillis(long millis) {
    return new GossipSettings(
        millis,
        fanout,
        phiSuspect,
        phiConvict,
        phiWindow,
        minStdDeviationMillis,
        acceptablePauseMillis,
        checkIntervalMillis,
        silentAfterMillis,
        joinWaitRounds,
        ringSettleRounds);
  }

  /** These settings with other phi thresholds. */
  public GossipSettings withPhi(double suspect, double convict) {
    return new GossipSettings(
        intervalMillis,
        fanout,
        suspect,
        convict,
        phiWindow,
        minStdDeviationMillis,
        acceptablePauseMillis,
        checkIntervalMillis,
        silentAfterMillis,
        joinWaitRounds,
        ringSettleRounds);
  }

  /** These settings with another fanout. */
  public GossipSettings withFanout(int peers) {
    return new GossipSettings(
        intervalMillis,
        peers,
        phiSuspect,
        phiConvict,
        phiWindow,
        minStdDeviationMillis,
        acceptablePauseMillis,
        checkIntervalMillis,
        silentAfterMillis,
        joinWaitRounds,
        ringSettleRounds);
  }

  /** These settings with another settle time for ring changes. */
  public GossipSettings withRingSettleRounds(int rounds) {
    return new GossipSettings(
        intervalMillis,
        fanout,
        phiSuspect,
        phiConvict,
        phiWindow,
        minStdDeviationMillis,
        acceptablePauseMillis,
        checkIntervalMillis,
        silentAfterMillis,
        joinWaitRounds,
        rounds);
  }

  long intervalNanos() {
    return TimeUnit.MILLISECONDS.toNanos(intervalMillis);
  }

  PhiAccrualDetector.Settings detectorSettings() {
    return new PhiAccrualDetector.Settings(
        phiWindow,
        TimeUnit.MILLISECONDS.toNanos(minStdDeviationMillis),
        TimeUnit.MILLISECONDS.toNanos(acceptablePauseMillis),
        intervalNanos());
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("gossip settings: " + message);
    }
  }
}
