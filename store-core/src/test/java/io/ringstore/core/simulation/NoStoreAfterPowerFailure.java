package io.ringstore.core.simulation;

import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.version.Versioned;
import java.util.function.BooleanSupplier;

/**
 * A pass-through decorator over a simulated node's engine that fails the run if a put reports
 * {@link PutOutcome#STORED} once the node's disk has lost power: every write and force then fails,
 * so the record cannot be durable, and a replica that acknowledged it would count toward W a write
 * that the crash about to come will lose. An obsolete put writes nothing and may still succeed. The
 * failure is an {@link AssertionError}, which the replica's error handling (it turns runtime
 * exceptions into error responses) does not swallow; the simulator reports it with the seed.
 */
final class NoStoreAfterPowerFailure extends ForwardingStorageEngine {
  private final BooleanSupplier powerFailed;

  NoStoreAfterPowerFailure(StorageEngine engine, BooleanSupplier powerFailed) {
    super(engine);
    this.powerFailed = powerFailed;
  }

  @Override
  public PutOutcome put(byte[] key, Versioned version, int siblingsMax) {
    PutOutcome outcome = super.put(key, version, siblingsMax);
    requireNotStoredAfterPowerFailure(outcome);
    return outcome;
  }

  private void requireNotStoredAfterPowerFailure(PutOutcome outcome) {
    if (outcome == PutOutcome.STORED && powerFailed.getAsBoolean()) {
      throw new AssertionError(
          "the engine reported a put stored after its disk lost power: it cannot be durable");
    }
  }

  @Override
  public void putAsync(byte[] key, Versioned version, int siblingsMax, PutCallback callback) {
    super.putAsync(
        key,
        version,
        siblingsMax,
        new PutCallback() {
          @Override
          public void completed(PutOutcome outcome) {
            requireNotStoredAfterPowerFailure(outcome);
            callback.completed(outcome);
          }

          @Override
          public void failed(RuntimeException failure) {
            callback.failed(failure);
          }
        });
  }
}
