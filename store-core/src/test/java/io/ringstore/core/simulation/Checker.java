package io.ringstore.core.simulation;

/** A property a run's {@link History} must have. */
public interface Checker {
  /** A short name for reports. */
  String name();

  /** Checks {@code history}; the result lists every violation found. */
  CheckResult check(History history);
}
