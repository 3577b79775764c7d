package io.ringstore.core.movement;

import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.ring.RangeTransfers;
import io.ringstore.core.wire.RepairStatus;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The transfers of one movement plan, synced one at a time: a transfer's data ({@link
 * AntiEntropy#stream}), then its Paxos state ({@link PaxosHandover}).
 *
 * <p>A transfer once synced stays synced while the plan holds: from the settle time on, every write
 * of its range reaches this node and its peers both (as a pending replica, or on a past ring) and
 * every Paxos round on its keys asks both. So an attempt that fails resumes with the transfers left
 * instead of starting over: under message loss, one lost answer costs one transfer's sync, not the
 * whole movement's (a decommission streaming a dozen ranges over a network losing a tenth of its
 * messages would otherwise start over for minutes).
 *
 * <p>Thread-safe: state is guarded by this object's monitor, never held across a stream or a
 * handover.
 */
final class TransferSync {
  private final List<RangeTransfers.Transfer> planned;
  private final AntiEntropy antiEntropy;
  private final PaxosHandover handover;
  private final UnaryOperator<List<RangeTransfers.Transfer>> streamed;
  private int synced;
  private long keysIn;
  private long keysOut;
  private long streamMillis;
  private long statesIn;
  private long statesOut;
  private RepairStatus lastStream = RepairStatus.NONE;

  /**
   * @param streamed what of a transfer to stream: all of it in production (see {@link
   *     RangeMovements}'s bite-proof constructor)
   */
  TransferSync(
      List<RangeTransfers.Transfer> planned,
      AntiEntropy antiEntropy,
      PaxosHandover handover,
      UnaryOperator<List<RangeTransfers.Transfer>> streamed) {
    this.planned = List.copyOf(planned);
    this.antiEntropy = antiEntropy;
    this.handover = handover;
    this.streamed = streamed;
  }

  /** The transfers this sync is for. */
  List<RangeTransfers.Transfer> planned() {
    return planned;
  }

  /** How many transfers are not synced yet. */
  synchronized int left() {
    return planned.size() - synced;
  }

  /** The status of the last data stream. */
  synchronized RepairStatus lastStream() {
    return lastStream;
  }

  /** What was synced so far: keys streamed each way, the time streaming took, Paxos states. */
  synchronized String summary() {
    return "streamed "
        + keysIn
        + " keys in, "
        + keysOut
        + " out in "
        + streamMillis
        + " ms; Paxos states: "
        + statesIn
        + " in, "
        + statesOut
        + " out";
  }

  /**
   * Syncs the transfers left, one after another; {@code done} hears null once all are synced, or
   * why the first that failed did (it and those after it stay left).
   */
  void syncLeft(Consumer<String> done) {
    RangeTransfers.Transfer transfer;
    synchronized (this) {
      if (synced == planned.size()) {
        transfer = null;
      } else {
        transfer = planned.get(synced);
      }
    }
    if (transfer == null) {
      done.accept(null);
      return;
    }
    List<RangeTransfers.Transfer> one = List.of(transfer);
    boolean started =
        antiEntropy.stream(streamed.apply(one), result -> streamed(transfer, result, done));
    if (!started) {
      done.accept("anti-entropy is closed or has a stream waiting");
    }
  }

  private void streamed(
      RangeTransfers.Transfer transfer, RepairStatus result, Consumer<String> done) {
    synchronized (this) {
      lastStream = result;
      keysIn += result.keysReceived();
      keysOut += result.keysSent();
      streamMillis += result.elapsedMillis();
    }
    if (result.rangesFailed() > 0) {
      done.accept(
          result.rangesFailed()
              + " syncs of "
              + transfer.range()
              + " failed ("
              + result.lastFailure()
              + ")");
      return;
    }
    handover.handOver(List.of(transfer), outcome -> handedOver(transfer, outcome, done));
  }

  private void handedOver(
      RangeTransfers.Transfer transfer, PaxosHandover.Outcome outcome, Consumer<String> done) {
    synchronized (this) {
      statesIn += outcome.statesReceived();
      statesOut += outcome.statesSent();
      if (outcome.failureOrNull() == null) {
        synced++;
      }
    }
    if (outcome.failureOrNull() != null) {
      done.accept(
          "handing the Paxos state of "
              + transfer.range()
              + " over failed ("
              + outcome.failureOrNull()
              + ")");
      return;
    }
    syncLeft(done);
  }
}
