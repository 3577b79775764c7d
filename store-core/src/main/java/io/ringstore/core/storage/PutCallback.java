package io.ringstore.core.storage;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Where {@link StorageEngine#putAsync} reports, exactly once, from the thread that made the write
 * durable. An implementation runs on that thread (a group commit's syncer) and must be quick; what
 * it throws reaches that thread, after every other write of the batch was told.
 */
public interface PutCallback {
  /** The put returned {@code outcome}: the write is as durable as the fsync policy promises. */
  void completed(PutOutcome outcome);

  /** The put failed as {@link StorageEngine#put} would have thrown. */
  void failed(RuntimeException failure);

  /**
   * One callback for {@code count} puts: {@code done} hears, once, null when all of them completed,
   * or the first failure.
   */
  static PutCallback all(int count, Consumer<RuntimeException> done) {
    AtomicInteger pending = new AtomicInteger(count);
    AtomicBoolean told = new AtomicBoolean();
    return new PutCallback() {
      @Override
      public void completed(PutOutcome outcome) {
        if (pending.decrementAndGet() == 0 && told.compareAndSet(false, true)) {
          done.accept(null);
        }
      }

      @Override
      public void failed(RuntimeException failure) {
        if (told.compareAndSet(false, true)) {
          done.accept(failure);
        }
      }
    };
  }
}
