package io.ringstore.core.simulation.register;

import io.ringstore.core.simulation.linearizability.RegisterResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * One node's durable register state, which outlives a crash of the node: the values it holds, the
 * last change applied per key (a follower), and the primary's change counter and the answer it
 * decided for each command (so a retried command gets its first answer, never a second execution).
 */
final class RegisterCopy {
  /** Most commands whose answers a primary keeps; a run has far fewer. */
  static final int ANSWERS_MAX = 1_000_000;

  final Map<String, String> values = new HashMap<>();
  final Map<String, Long> appliedSequence = new HashMap<>();
  final Map<Long, RegisterResponse> answers = new HashMap<>();
  long sequence;

  void remember(long requestId, RegisterResponse answer) {
    if (answers.size() >= ANSWERS_MAX) {
      throw new IllegalStateException(ANSWERS_MAX + " answers kept: a runaway client?");
    }
    answers.put(requestId, answer);
  }
}
