package io.ringstore.core.simulation;

import io.ringstore.core.simulation.linearizability.CasRegisterModel;
import io.ringstore.core.simulation.linearizability.KeyVerdict;
import io.ringstore.core.simulation.linearizability.LinearizabilityChecker;
import io.ringstore.core.simulation.linearizability.LinearizabilityReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Conditional writes and serial reads are linearizable per key: the history of the register keys
 * (put-if-absent, compare-and-set, put-if-version and delete-if-version as compare-and-set
 * commands, serial reads as reads) is searched against a compare-and-set register ({@link
 * CasRegisterModel}). A search that runs out of budget is reported too, as a violation: a verdict
 * nobody reached is not a pass.
 *
 * <p>Not applicable to a run in which a node lost its whole disk (a flipped bit touches only data,
 * which the acceptors' state and the other replicas cover): an acceptor that comes back empty has
 * forgotten its promises and accepts, which Paxos cannot survive (outside the failure model of
 * conditional writes, as for Cassandra's; see the README).
 */
public final class RegisterLinearizabilityChecker implements Checker {
  private final boolean inconclusiveFails;

  /** The checker of every run: an inconclusive search fails too. */
  public RegisterLinearizabilityChecker() {
    this(true);
  }

  private RegisterLinearizabilityChecker(boolean inconclusiveFails) {
    this.inconclusiveFails = inconclusiveFails;
  }

  /**
   * A checker that fails only histories found not linearizable, for bite proofs: a search that ran
   * out of budget proves nothing either way, so it must not count as a catch.
   */
  public static RegisterLinearizabilityChecker provenViolationsOnly() {
    return new RegisterLinearizabilityChecker(false);
  }

  @Override
  public String name() {
    return "conditional writes are linearizable";
  }

  @Override
  public CheckResult check(History history) {
    if (history.registerOps().isEmpty() || !history.faults().wholeDisksLost().isEmpty()) {
      return new CheckResult(name(), false, List.of());
    }
    LinearizabilityReport report =
        new LinearizabilityChecker<>(new CasRegisterModel()).check(history.registerOps());
    List<String> violations = new ArrayList<>();
    for (KeyVerdict key : report.keys()) {
      boolean fails =
          key.verdict() == KeyVerdict.Verdict.NOT_LINEARIZABLE
              || (inconclusiveFails && key.verdict() == KeyVerdict.Verdict.INCONCLUSIVE);
      if (fails) {
        violations.add(key.toString());
      }
    }
    return new CheckResult(name(), true, violations);
  }
}
