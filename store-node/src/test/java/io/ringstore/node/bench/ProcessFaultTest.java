package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pause and kill drivers' argument checks; pause against a fake {@code kill}. */
class ProcessFaultTest {
  private static final long SELF = ProcessHandle.current().pid();
  private static final long SOME_PID =
      5_000_000; // above Linux's PID_MAX_LIMIT (4194304): never a process

  private final FakeCommands kill = new FakeCommands();

  @Test
  void neitherDriverTakesInitANonPositivePidOrThisJvm() {
    for (long pid : new long[] {-5, 0, 1, SELF}) {
      assertThatThrownBy(() -> new PauseFault(pid, kill))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--fault-pid " + (pid == SELF ? SELF : ""));
      assertThatThrownBy(() -> new KillFault(pid, () -> 42))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void pauseSendsStopThenContAndCloseContinuesAPausedProcess() {
    PauseFault pause = new PauseFault(SOME_PID, kill);
    pause.inject();
    assertThat(pause.paused()).isTrue();
    pause.close();

    assertThat(kill.lines()).containsExactly("kill -STOP " + SOME_PID, "kill -CONT " + SOME_PID);
    assertThat(pause.paused()).isFalse();
  }

  @Test
  void closeAfterAHealSendsNothingMore() {
    PauseFault pause = new PauseFault(SOME_PID, kill);
    pause.inject();
    pause.heal();
    pause.close();

    assertThat(kill.lines()).hasSize(2);
  }

  @Test
  void aFailedSignalNamesTheCommandAndItsOutput() {
    kill.answering(c -> new CommandRunner.Result(1, "No such process"));
    PauseFault pause = new PauseFault(SOME_PID, kill);

    assertThatThrownBy(pause::inject)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kill -STOP " + SOME_PID)
        .hasMessageContaining("No such process");
    assertThat(pause.paused()).isFalse();
  }

  @Test
  void preflightRefusesAProcessThatIsNotRunning() {
    assertThatThrownBy(() -> new PauseFault(SOME_PID, kill).preflight())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
    assertThatThrownBy(() -> new KillFault(SOME_PID, () -> 42).preflight())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void killsHealIsTheRestart() {
    long[] restarts = {0};
    KillFault fault = new KillFault(SOME_PID, () -> ++restarts[0] + 100);
    fault.heal();

    assertThat(restarts[0]).isEqualTo(1);
  }
}
