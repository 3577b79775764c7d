package io.ringstore.client;

import java.util.Objects;

/**
 * A write succeeded at the requested consistency.
 *
 * @param context the version written: pass it to the next write of the key to supersede this one
 */
public record PutResult(VersionContext context) {
  /** Checks the argument. */
  public PutResult {
    Objects.requireNonNull(context, "context");
  }
}
