package io.ringstore.core.coordinator;

import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * Runs a Paxos round on any key, the store's own records included ({@code
 * Coordinator#updateRegister}): what locks and transactions are built on.
 */
@FunctionalInterface
interface Registers {
  /**
   * A round on {@code key} that writes what {@code update} decides; {@code respond} gets a {@code
   * ConditionalResponse} or an error, once.
   *
   * @param writeId the write's identity, kept across retries; 0 draws one
   * @param timeoutMillis how long the round may take, 0 for the node's default
   */
  void update(
      byte[] key,
      long writeId,
      RegisterUpdate update,
      int timeoutMillis,
      Consumer<Response> respond);
}
