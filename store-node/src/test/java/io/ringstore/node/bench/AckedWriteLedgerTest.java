package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger of acknowledged writes and its "lost" rule: the acked value or a later one. */
class AckedWriteLedgerTest {
  private static final byte[] TEMPLATE = new byte[16];

  private static byte[] value(long sequence) {
    return AckedWriteLedger.stamp(TEMPLATE, sequence);
  }

  @Test
  void aStampReadsBackAndLeavesTheTemplateAlone() {
    byte[] stamped = AckedWriteLedger.stamp(TEMPLATE, 0x0102030405060708L);

    assertThat(AckedWriteLedger.sequenceOf(stamped)).isEqualTo(0x0102030405060708L);
    assertThat(stamped).hasSize(TEMPLATE.length);
    assertThat(TEMPLATE).containsOnly(0);
    assertThat(AckedWriteLedger.sequenceOf(new byte[3])).isZero();
  }

  @Test
  void stampRefusesShortValuesAndNonPositiveSequences() {
    assertThatThrownBy(() -> AckedWriteLedger.stamp(new byte[7], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7 bytes");
    assertThatThrownBy(() -> AckedWriteLedger.stamp(TEMPLATE, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeyWithoutAnAcknowledgedWriteIsNeverLost() {
    AckedWriteLedger ledger = new AckedWriteLedger(4);

    assertThat(ledger.isLost(2, List.of())).isFalse();
    assertThat(ledger.acknowledgedRecords()).isZero();
  }

  @Test
  void theLastAcknowledgedValueOrALaterOneMustBeAmongTheSiblings() {
    AckedWriteLedger ledger = new AckedWriteLedger(4);
    ledger.acknowledged(1, 5);
    ledger.acknowledged(1, 9);

    assertThat(ledger.isLost(1, List.of(value(9)))).isFalse();
    assertThat(ledger.isLost(1, List.of(value(5), value(12)))).as("a later write").isFalse();
    assertThat(ledger.isLost(1, List.of(value(5)))).as("an older acked value only").isTrue();
    assertThat(ledger.isLost(1, List.of())).as("nothing read").isTrue();
    assertThat(ledger.acknowledgedRecords()).isEqualTo(1);
  }

  @Test
  void anAcknowledgmentArrivingLateDoesNotLowerTheRecordedSequence() {
    AckedWriteLedger ledger = new AckedWriteLedger(1);
    ledger.acknowledged(0, 9);
    ledger.acknowledged(0, 5);

    assertThat(ledger.ackedSequence(0)).isEqualTo(9);
  }
}
