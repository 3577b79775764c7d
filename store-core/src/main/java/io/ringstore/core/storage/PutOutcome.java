package io.ringstore.core.storage;

/** What {@link StorageEngine#put} did with a version. */
public enum PutOutcome {
  /** Stored: it replaced the versions it descends from and sits beside concurrent ones. */
  STORED,
  /** Not stored: a stored version's clock is equal to or descends from it. */
  OBSOLETE
}
