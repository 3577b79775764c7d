package io.ringstore.client;

import java.util.Objects;

/**
 * A delete succeeded at the requested consistency: a tombstone superseding the versions of the
 * context was written.
 *
 * @param context the tombstone's version; a write with it supersedes the delete
 */
public record DeleteResult(VersionContext context) {
  /** Checks the argument. */
  public DeleteResult {
    Objects.requireNonNull(context, "context");
  }
}
