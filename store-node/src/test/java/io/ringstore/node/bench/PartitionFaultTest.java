package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The partition driver's checks and its rule bookkeeping, against a fake iptables. */
class PartitionFaultTest {
  private static final String TAG = "ringstore-bench-" + ProcessHandle.current().pid();
  private static final String DROP_FROM =
      "INPUT -i lo -s 127.0.0.3 -m comment --comment " + TAG + " -j DROP";
  private static final String DROP_TO =
      "INPUT -i lo -d 127.0.0.3 -m comment --comment " + TAG + " -j DROP";

  private final FakeCommands iptables = new FakeCommands();

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.3", "localhost", "127.0.0.256", "127.0.0", ""})
  void refusesAnythingButA127AddressOtherThan127001(String address) {
    assertThatThrownBy(() -> new PartitionFault(address, iptables))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback address of its own");
    assertThat(iptables.lines()).isEmpty();
  }

  @Test
  void preflightNamesTheMissingRightWhenIptablesRefuses() {
    iptables.answering(c -> new CommandRunner.Result(4, "Permission denied (you must be root)"));
    PartitionFault partition = new PartitionFault("127.0.0.3", iptables);

    assertThatThrownBy(partition::preflight)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("root, or CAP_NET_ADMIN")
        .hasMessageContaining("you must be root");
  }

  @Test
  void preflightNamesTheMissingToolWhenIptablesIsNotInstalled() {
    iptables.answering(
        c -> {
          throw new IllegalStateException("cannot run 'iptables': No such file or directory");
        });
    PartitionFault partition = new PartitionFault("127.0.0.3", iptables);

    assertThatThrownBy(partition::preflight)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install -y iptables");
  }

  @Test
  void injectAddsTwoTaggedRulesAndHealDeletesExactlyThose() {
    PartitionFault partition = new PartitionFault("127.0.0.3", iptables);
    partition.inject();
    assertThat(partition.rulesInPlace()).hasSize(2);
    partition.heal();

    assertThat(iptables.lines())
        .containsExactly(
            "iptables -w -I " + DROP_FROM,
            "iptables -w -I " + DROP_TO,
            "iptables -w -D " + DROP_FROM,
            "iptables -w -D " + DROP_TO);
    assertThat(partition.rulesInPlace()).isEmpty();
  }

  @Test
  void closeAfterAHalfFailedInjectDeletesTheOneRuleAddedAndNothingElse() {
    iptables.answering(
        c -> new CommandRunner.Result(c.contains("-d") ? 1 : 0, c.contains("-d") ? "no" : ""));
    PartitionFault partition = new PartitionFault("127.0.0.3", iptables);

    assertThatThrownBy(partition::inject).isInstanceOf(IllegalStateException.class);
    partition.close();

    assertThat(iptables.lines())
        .containsExactly(
            "iptables -w -I " + DROP_FROM,
            "iptables -w -I " + DROP_TO,
            "iptables -w -D " + DROP_FROM);
    assertThat(partition.rulesInPlace()).isEmpty();
  }

  @Test
  void closeWithoutAFaultRunsNothingAndARuleThatWillNotGoStaysListed() {
    PartitionFault idle = new PartitionFault("127.0.0.3", iptables);
    idle.close();
    assertThat(iptables.lines()).isEmpty();

    PartitionFault stuck = new PartitionFault("127.0.0.3", iptables);
    stuck.inject();
    iptables.answering(c -> new CommandRunner.Result(1, "busy"));
    assertThatThrownBy(stuck::heal).hasMessageContaining("busy");
    stuck.close();
    assertThat(stuck.rulesInPlace()).hasSize(2);
  }
}
