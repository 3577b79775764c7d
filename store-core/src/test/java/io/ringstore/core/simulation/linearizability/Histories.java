package io.ringstore.core.simulation.linearizability;

import io.ringstore.core.simulation.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;

/** Builds register histories by hand for tests: one call per operation, ids in call order. */
final class Histories {
  private final List<RecordedOp<RegisterCommand, RegisterResponse>> ops = new ArrayList<>();
  private String key = "k";

  /** Operations added from now on act on {@code key}. */
  Histories on(String key) {
    this.key = key;
    return this;
  }

  Histories ok(
      int client, RegisterCommand command, RegisterResponse answer, long invoke, long complete) {
    return add(client, command, answer, Outcome.OK, invoke, complete);
  }

  Histories unknown(int client, RegisterCommand command, long invoke, long complete) {
    return add(client, command, null, Outcome.UNKNOWN, invoke, complete);
  }

  Histories failed(int client, RegisterCommand command, long invoke, long complete) {
    return add(client, command, null, Outcome.FAIL, invoke, complete);
  }

  Histories add(
      int client,
      RegisterCommand command,
      RegisterResponse answer,
      Outcome outcome,
      long invoke,
      long complete) {
    ops.add(
        new RecordedOp<>(ops.size() + 1, client, key, command, answer, outcome, invoke, complete));
    return this;
  }

  List<RecordedOp<RegisterCommand, RegisterResponse>> ops() {
    return List.copyOf(ops);
  }
}
