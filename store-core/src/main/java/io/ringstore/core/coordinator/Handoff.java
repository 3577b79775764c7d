package io.ringstore.core.coordinator;

/**
 * What a write does about a replica it cannot reach (DESIGN.md, "Hinted handoff").
 *
 * <ul>
 *   <li>{@link #OFF}: nothing; the write counts the replicas that answer.
 *   <li>{@link #STRICT}: a stand-in keeps the write as a hint for the replica, so that it reaches
 *       the replica later, but only replicas count toward W: a write with two of three replicas
 *       down fails at W=2 and is still delivered once they return.
 *   <li>{@link #SLOPPY}: as STRICT, and a stand-in's hint counts toward W in place of its replica
 *       (Dynamo's sloppy quorum): writes succeed while W nodes of the extended preference list are
 *       up. R+W&gt;N no longer guarantees that a read meets the write until the hints are replayed.
 * </ul>
 */
public enum Handoff {
  OFF,
  STRICT,
  SLOPPY
}
