package io.ringstore.node.bench;

/**
 * Injects one {@link Fault} into one node and heals it. {@link #close} heals whatever is still
 * injected and never throws, so that a run that fails halfway (or a JVM shutdown hook) leaves no
 * node stopped and no packet filter rule behind.
 */
public interface FaultDriver extends AutoCloseable {
  /** Checks, before the run, that the fault can be injected here; throws naming what is missing. */
  void preflight();

  /** Injects the fault; throws IllegalStateException if it could not. */
  void inject();

  /** Heals the fault; throws IllegalStateException if it could not. */
  void heal();

  /** What this driver does, for the report. */
  String describe();

  /** Heals what is still injected; best effort, never throws. */
  @Override
  void close();
}
