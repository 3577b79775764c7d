package io.ringstore.core.storage;

import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule every engine applies on {@link StorageEngine#put}: keep a key's versions an antichain
 * under the vector clock order. An incoming version that a stored one equals or descends from is
 * obsolete; otherwise it joins the set and evicts every stored version it descends from. Since the
 * result is always the set of maximal versions, replaying any set of writes in any order gives the
 * same versions, which is what lets recovery and compaction ignore write order.
 */
public final class VersionSet {
  private VersionSet() {}

  /**
   * The versions after adding {@code incoming} to {@code current}, or {@code null} if {@code
   * incoming} is obsolete. Never changes {@code current}.
   */
  public static List<Versioned> add(List<Versioned> current, Versioned incoming) {
    List<Versioned> kept = new ArrayList<>(current.size() + 1);
    for (Versioned stored : current) {
      Occurred order = incoming.clock().compare(stored.clock());
      if (order == Occurred.BEFORE || order == Occurred.EQUAL) {
        return null;
      }
      if (order == Occurred.CONCURRENT) {
        kept.add(stored);
      }
    }
    kept.add(incoming);
    return kept;
  }
}
