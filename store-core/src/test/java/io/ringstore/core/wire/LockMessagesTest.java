package io.ringstore.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Lock requests check what each operation needs; fences keep the highest token per lock. */
class LockMessagesTest {
  @Test
  void aLockRequestRefusesFieldsItsOperationDoesNotTake() {
    assertThatThrownBy(() -> LockRequest.acquire("l", 0, 1_000, 0, 0))
        .hasMessageContaining("owner");
    assertThatThrownBy(() -> LockRequest.acquire("l", 1, 99, 0, 0)).hasMessageContaining("lease");
    assertThatThrownBy(() -> LockRequest.renew("l", 0, 1_000, 0)).hasMessageContaining("token");
    assertThatThrownBy(() -> new LockRequest(LockRequest.Op.STATUS, "l", 0, 0, 0, 5, 0))
        .hasMessageContaining("only ACQUIRE waits");
    assertThatThrownBy(() -> LockRequest.status("", 0)).hasMessageContaining("lock name");
  }

  @Test
  void recordKeysAreRecognizedByTheirPrefix() {
    assertThat(LockRequest.isRecordKey(LockRequest.recordKey("jobs"))).isTrue();
    assertThat(
            LockRequest.isRecordKey("lock:jobs".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(LockRequest.isRecordKey(new byte[] {0})).isFalse();
  }

  @Test
  void fencesKeepTheHighestTokenPerLockSortedAndBounded() {
    Fences fences = Fences.NONE.with(new Fence("b", 3)).with(new Fence("a", 9));
    Fences raised = fences.with(new Fence("b", 2)).with(new Fence("b", 5));

    assertThat(fences.locks()).containsExactly("a", "b");
    assertThat(raised.tokenOf("b")).isEqualTo(5);
    assertThat(raised.admits(new Fence("b", 4))).isFalse();
    assertThat(raised.admits(new Fence("b", 5))).as("the same holder writes again").isTrue();
    assertThat(raised.admits(new Fence("c", 1))).as("a lock never seen").isTrue();
    Fences full = Fences.NONE;
    for (int i = 0; i < Fences.LOCKS_MAX; i++) {
      full = full.with(new Fence("lock-" + (char) ('a' + i), 1));
    }
    Fences atBound = full;
    assertThatThrownBy(() -> atBound.with(new Fence("another", 1)))
        .hasMessageContaining("already fenced by " + Fences.LOCKS_MAX + " locks");
    assertThat(atBound.with(new Fence("lock-a", 2)).tokenOf("lock-a")).isEqualTo(2);
  }
}
