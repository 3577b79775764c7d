package io.ringstore.core.movement;

import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.ring.RangeTransfers;
import io.ringstore.core.wire.RepairStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The transfers of one movement plan and which of them are synced: a transfer is synced once its
 * Paxos state was handed over ({@link PaxosHandover}) and then its data streamed ({@link
 * AntiEntropy#stream}).
 *
 * <p>An attempt hands over the Paxos state of each transfer left, one at a time, then streams the
 * data of those handed over in one anti-entropy run (so {@code ringstore repair --wait} follows the
 * whole stream). A transfer once synced stays synced while the plan holds: from the settle time on,
 * every write of its range reaches this node and its peers both (as a pending replica, or on a past
 * ring) and every Paxos round on its keys asks both. So an attempt that fails leaves only the
 * transfers it could not sync for the next one: under message loss, one lost answer costs one
 * transfer's sync, not the whole movement's (a decommission streaming a dozen ranges over a network
 * losing a tenth of its messages would otherwise start over for minutes).
 *
 * <p>Thread-safe: state is guarded by this object's monitor, never held across a stream or a
 * handover.
 */
final class TransferSync {
  private final List<RangeTransfers.Transfer> planned;
  private final AntiEntropy antiEntropy;
  private final PaxosHandover handover;
  private final PaxosHandover.Direction direction;
  private final UnaryOperator<List<RangeTransfers.Transfer>> streamed;
  private final List<RangeTransfers.Transfer> left;
  private long keysIn;
  private long keysOut;
  private long streamMillis;
  private long statesIn;
  private long statesOut;
  private RepairStatus lastStream = RepairStatus.NONE;

  /**
   * @param direction whether this node gains the transfers' ranges (pulls their Paxos state) or
   *     gives them up (pushes it)
   * @param streamed what of the transfers to stream: all of them in production (see {@link
   *     RangeMovements}'s bite-proof constructor)
   */
  TransferSync(
      List<RangeTransfers.Transfer> planned,
      AntiEntropy antiEntropy,
      PaxosHandover handover,
      PaxosHandover.Direction direction,
      UnaryOperator<List<RangeTransfers.Transfer>> streamed) {
    this.planned = List.copyOf(planned);
    this.antiEntropy = antiEntropy;
    this.handover = handover;
    this.direction = direction;
    this.streamed = streamed;
    this.left = new ArrayList<>(planned);
  }

  /** The transfers this sync is for. */
  List<RangeTransfers.Transfer> planned() {
    return planned;
  }

  /** The transfers not synced yet. */
  synchronized List<RangeTransfers.Transfer> leftTransfers() {
    return List.copyOf(left);
  }

  /** How many transfers are not synced yet. */
  synchronized int left() {
    return left.size();
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
   * Syncs the transfers left; {@code done} hears null once all are synced, or why some were not
   * (they stay left).
   */
  void syncLeft(Consumer<String> done) {
    List<RangeTransfers.Transfer> attempt;
    synchronized (this) {
      attempt = List.copyOf(left);
    }
    if (attempt.isEmpty()) {
      done.accept(null);
      return;
    }
    handOverEach(attempt, 0, new ArrayList<>(), null, done);
  }

  /**
   * Hands over the Paxos state of {@code transfers} from {@code index} on, one at a time,
   * collecting those that succeed in {@code handedOver}; then streams their data. The state goes
   * first: it is small, and after a removal the gainer answers Paxos rounds for the ranges it
   * gained from the moment the ring changes (see {@link RangeMovements}).
   */
  private void handOverEach(
      List<RangeTransfers.Transfer> transfers,
      int index,
      List<RangeTransfers.Transfer> handedOver,
      String firstFailure,
      Consumer<String> done) {
    if (index == transfers.size()) {
      stream(handedOver, firstFailure, done);
      return;
    }
    RangeTransfers.Transfer transfer = transfers.get(index);
    handover.handOver(
        List.of(transfer),
        direction,
        outcome -> {
          synchronized (this) {
            statesIn += outcome.statesReceived();
            statesOut += outcome.statesSent();
          }
          String failure = firstFailure;
          if (outcome.failureOrNull() == null) {
            handedOver.add(transfer);
          } else if (failure == null) {
            failure =
                "handing the Paxos state of "
                    + transfer.range()
                    + " over failed ("
                    + outcome.failureOrNull()
                    + ")";
          }
          handOverEach(transfers, index + 1, handedOver, failure, done);
        });
  }

  /**
   * Streams the data of {@code transfers} in one run, marks those whose every comparison succeeded
   * synced, and tells {@code done} the first failure (of a handover or of the stream), or null.
   */
  private void stream(
      List<RangeTransfers.Transfer> transfers, String firstFailure, Consumer<String> done) {
    if (transfers.isEmpty()) {
      done.accept(firstFailure);
      return;
    }
    boolean started =
        antiEntropy.stream(
            streamed.apply(transfers), result -> streamed(transfers, result, firstFailure, done));
    if (!started) {
      done.accept(
          firstFailure != null ? firstFailure : "anti-entropy is closed or has a stream waiting");
    }
  }

  private void streamed(
      List<RangeTransfers.Transfer> transfers,
      AntiEntropy.Streamed result,
      String firstFailure,
      Consumer<String> done) {
    RepairStatus status = result.status();
    synchronized (this) {
      lastStream = status;
      keysIn += status.keysReceived();
      keysOut += status.keysSent();
      streamMillis += status.elapsedMillis();
      for (RangeTransfers.Transfer transfer : transfers) {
        if (!result.failedRanges().contains(transfer.range())) {
          left.remove(transfer);
        }
      }
    }
    if (firstFailure != null || status.rangesFailed() == 0) {
      done.accept(firstFailure);
      return;
    }
    done.accept(
        status.rangesFailed()
            + " of "
            + status.rangesTotal()
            + " range syncs failed ("
            + status.lastFailure()
            + ")");
  }
}
