package io.ringstore.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A {@link CommandRunner} that records every command and answers as the test says. */
final class FakeCommands implements CommandRunner {
  private final List<List<String>> commands = new ArrayList<>();
  private Function<List<String>, Result> answer = command -> new Result(0, "");

  /** Answers every later command with {@code newAnswer}. */
  FakeCommands answering(Function<List<String>, Result> newAnswer) {
    this.answer = newAnswer;
    return this;
  }

  @Override
  public synchronized Result run(List<String> command) {
    commands.add(List.copyOf(command));
    return answer.apply(command);
  }

  /** Every command run so far, each joined by spaces. */
  synchronized List<String> lines() {
    return commands.stream().map(c -> String.join(" ", c)).toList();
  }
}
