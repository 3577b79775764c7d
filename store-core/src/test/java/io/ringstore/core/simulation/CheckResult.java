package io.ringstore.core.simulation;

import java.util.List;

/**
 * What a {@link Checker} found.
 *
 * @param checker the checker's name
 * @param applicable false if the run was outside what the checker can judge (then it passes)
 * @param violations one line per violation, empty if the history passes
 */
public record CheckResult(String checker, boolean applicable, List<String> violations) {
  public CheckResult {
    violations = List.copyOf(violations);
  }

  public boolean passed() {
    return violations.isEmpty();
  }

  @Override
  public String toString() {
    if (!applicable) {
      return checker + ": not applicable";
    }
    return checker + (passed() ? ": ok" : ": " + violations.size() + " violations " + violations);
  }
}
