package io.ringstore.core.simulation;

import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A read never returns two siblings of one content (equal value bytes, or two tombstones): a write
 * stored twice (its request duplicated by the network, or retried) reads as one version, whose
 * context supersedes both copies. Every acknowledged get is judged, the final reads too.
 */
public final class OneSiblingPerValueChecker implements Checker {
  @Override
  public String name() {
    return "one sibling per value";
  }

  @Override
  public CheckResult check(History history) {
    List<String> violations = new ArrayList<>();
    List<Operation> reads = new ArrayList<>(history.operations());
    reads.addAll(history.finalReads());
    for (Operation read : reads) {
      if (read.outcome() == Operation.Outcome.OK && hasDuplicate(read.versions())) {
        violations.add(read.describe() + " returned one value twice: " + read.versions());
      }
    }
    return new CheckResult(name(), true, violations);
  }

  private static boolean hasDuplicate(List<Versioned> versions) {
    Set<String> contents = new HashSet<>();
    for (Versioned version : versions) {
      String content =
          version.isTombstone()
              ? "tombstone"
              : "value " + new String(version.value(), StandardCharsets.UTF_8);
      if (!contents.add(content)) {
        return true;
      }
    }
    return false;
  }
}
