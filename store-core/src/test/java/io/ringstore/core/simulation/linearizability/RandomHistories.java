package io.ringstore.core.simulation.linearizability;

import io.ringstore.core.simulation.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random compare-and-set register histories for the checker's cross-checks. A history comes from a
 * real sequential execution: each operation takes effect at its own instant, in order, and its
 * interval is widened around that instant by up to {@code widenNanosMax} either way, so the history
 * is linearizable by construction until a caller tampers with it.
 */
final class RandomHistories {
  private static final List<String> VALUES = List.of("a", "b", "c");

  private final Random random;

  RandomHistories(Random random) {
    this.random = random;
  }

  /**
   * {@code count} operations on one key, taking effect {@code spacingNanos} apart, with about
   * {@code unknownPercent} of unknown outcome and {@code failedPercent} failed (not executed).
   */
  List<RecordedOp<RegisterCommand, RegisterResponse>> execution(
      int count, long spacingNanos, long widenNanosMax, int unknownPercent, int failedPercent) {
    CasRegisterModel model = new CasRegisterModel();
    String state = model.initialState();
    List<RecordedOp<RegisterCommand, RegisterResponse>> ops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long effectNanos = (i + 1) * spacingNanos;
      long invoke = Math.max(0, effectNanos - random.nextLong(widenNanosMax + 1));
      long complete = effectNanos + random.nextLong(widenNanosMax + 1);
      RegisterCommand command = command();
      Outcome outcome = outcome(unknownPercent, failedPercent);
      RegisterResponse answer = null;
      if (outcome != Outcome.FAIL) {
        Model.Step<String, RegisterResponse> step = model.step(state, command);
        state = step.state();
        answer = outcome == Outcome.OK ? step.output() : null;
      }
      ops.add(new RecordedOp<>(i + 1, i % 5, "k", command, answer, outcome, invoke, complete));
    }
    return ops;
  }

  /** Replaces one acknowledged answer of {@code ops} by a random one, which may or may not fit. */
  List<RecordedOp<RegisterCommand, RegisterResponse>> tamper(
      List<RecordedOp<RegisterCommand, RegisterResponse>> ops) {
    List<RecordedOp<RegisterCommand, RegisterResponse>> tampered = new ArrayList<>(ops);
    int i = random.nextInt(ops.size());
    RecordedOp<RegisterCommand, RegisterResponse> op = ops.get(i);
    if (op.outcome() == Outcome.OK) {
      tampered.set(
          i,
          new RecordedOp<>(
              op.id(),
              op.client(),
              op.key(),
              op.input(),
              answerTo(op.input()),
              op.outcome(),
              op.invokeNanos(),
              op.completeNanos()));
    }
    return tampered;
  }

  private RegisterCommand command() {
    int dice = random.nextInt(3);
    return dice == 0
        ? RegisterCommand.read()
        : dice == 1 ? RegisterCommand.write(value()) : RegisterCommand.cas(value(), value());
  }

  private RegisterResponse answerTo(RegisterCommand command) {
    if (command instanceof RegisterCommand.Read) {
      return RegisterResponse.value(random.nextInt(4) == 0 ? null : value());
    }
    if (command instanceof RegisterCommand.Cas) {
      return RegisterResponse.swapped(random.nextBoolean());
    }
    return RegisterResponse.written();
  }

  private Outcome outcome(int unknownPercent, int failedPercent) {
    int dice = random.nextInt(100);
    return dice < unknownPercent
        ? Outcome.UNKNOWN
        : dice < unknownPercent + failedPercent ? Outcome.FAIL : Outcome.OK;
  }

  private String value() {
    return VALUES.get(random.nextInt(VALUES.size()));
  }
}
