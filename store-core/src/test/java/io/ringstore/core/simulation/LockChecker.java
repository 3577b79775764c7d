package io.ringstore.core.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Locks are safe, judged from what their clients were answered ({@link LockHistory}):
 *
 * <ul>
 *   <li><b>Tokens</b> strictly increase per lock: no two grants share one, and a grant answered
 *       before another was requested has the lower token.
 *   <li><b>Mutual exclusion</b>: no two grants' validity overlaps, each grant valid from its answer
 *       until its holder released it or stopped trusting its lease (the share of the lease the
 *       client library trusts, counted from the last request the store confirmed).
 *   <li><b>Fencing</b>: a fenced write sent after another grant's write with a token as high or
 *       higher (of the same lock) was answered applied is not applied. (Tokens are unique per grant
 *       when the first rule holds; with a reused token, a stale holder's writes are caught here
 *       too.)
 * </ul>
 *
 * <p>Not applicable to a run in which a node lost its whole disk: an acceptor that comes back empty
 * forgets its promises (see {@link RegisterLinearizabilityChecker}).
 */
public final class LockChecker implements Checker {
  @Override
  public String name() {
    return "locks grant increasing tokens to one holder at a time, and fence stale writes";
  }

  @Override
  public CheckResult check(History history) {
    LockHistory locks = history.locks();
    if (locks.grants().isEmpty() || !history.faults().wholeDisksLost().isEmpty()) {
      return new CheckResult(name(), false, List.of());
    }
    List<String> violations = new ArrayList<>();
    checkTokens(locks.grants(), violations);
    checkExclusion(locks.grants(), violations);
    checkFencing(locks.fencedWrites(), violations);
    return new CheckResult(name(), true, violations);
  }

  private static void checkTokens(List<LockHistory.Grant> grants, List<String> violations) {
    Map<String, LockHistory.Grant> byToken = new HashMap<>();
    for (LockHistory.Grant grant : grants) {
      LockHistory.Grant same = byToken.put(grant.lock + ":" + grant.token, grant);
      if (same != null) {
        violations.add("two grants share a token: " + same + " and " + grant);
      }
    }
    for (LockHistory.Grant earlier : grants) {
      for (LockHistory.Grant later : grants) {
        if (earlier.lock.equals(later.lock)
            && earlier.grantedNanos < later.sentNanos
            && earlier.token >= later.token) {
          violations.add("a later grant's token is not higher: " + earlier + " then " + later);
        }
      }
    }
  }

  private static void checkExclusion(List<LockHistory.Grant> grants, List<String> violations) {
    for (int i = 0; i < grants.size(); i++) {
      for (int j = i + 1; j < grants.size(); j++) {
        LockHistory.Grant a = grants.get(i);
        LockHistory.Grant b = grants.get(j);
        boolean overlap =
            a.lock.equals(b.lock)
                && Math.max(a.grantedNanos, b.grantedNanos)
                    < Math.min(a.validUntilNanos(), b.validUntilNanos());
        if (overlap) {
          violations.add("two holders at once: " + a + " and " + b);
        }
      }
    }
  }

  private static void checkFencing(List<LockHistory.FencedWrite> writes, List<String> violations) {
    for (LockHistory.FencedWrite newer : writes) {
      if (!Boolean.TRUE.equals(newer.applied())) {
        continue;
      }
      for (LockHistory.FencedWrite stale : writes) {
        if (stale.key().equals(newer.key())
            && stale.grant() != newer.grant()
            && stale.token() <= newer.token()
            && stale.invokeNanos() > newer.completeNanos()
            && Boolean.TRUE.equals(stale.applied())) {
          violations.add(
              "a stale fenced write applied after a newer one: " + newer + " then " + stale);
        }
      }
    }
  }
}
