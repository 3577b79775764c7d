package io.ringstore.client;

import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What a read found: the key's live values (usually one; several concurrent ones are siblings the
 * application reconciles), and the {@link VersionContext} to write back with. Deleted versions
 * (tombstones) are not among the values, but their history is in the context.
 *
 * <p><b>Pitfalls.</b> The value arrays are not copied: do not change them.
 */
public final class GetResult {
  private final List<byte[]> values;
  private final VersionContext context;

  private GetResult(List<byte[]> values, VersionContext context) {
    this.values = values;
    this.context = context;
  }

  static GetResult of(Versioned[] versions) {
    List<byte[]> live = new ArrayList<>(versions.length);
    VectorClock merged = VectorClock.empty();
    for (Versioned version : versions) {
      merged = merged.merge(version.clock());
      if (!version.isTombstone()) {
        live.add(version.value());
      }
    }
    return new GetResult(Collections.unmodifiableList(live), new VersionContext(merged));
  }

  /** Whether the key has a live value: written and not deleted since. */
  public boolean exists() {
    return !values.isEmpty();
  }

  /** The live values, one per concurrent version; empty if the key does not exist. */
  public List<byte[]> values() {
    return values;
  }

  /** Whether concurrent writes left more than one live value to reconcile. */
  public boolean hasSiblings() {
    return values.size() > 1;
  }

  /**
   * The value, when there is at most one.
   *
   * @throws IllegalStateException if there are siblings: read {@link #values()}, merge them, and
   *     write the result back with {@link #context()}
   */
  public Optional<byte[]> value() {
    if (hasSiblings()) {
      throw new IllegalStateException(
          "the key has "
              + values.size()
              + " concurrent values (siblings): read values(), merge them and put the result with"
              + " context()");
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The context to pass to the next write of this key, so that it supersedes what was read. */
  public VersionContext context() {
    return context;
  }

  @Override
  public String toString() {
    return "GetResult{values=" + values.size() + ", context=" + context + "}";
  }
}
