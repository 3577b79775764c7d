package io.ringstore.client;

/**
 * A transaction did not commit, and none of its writes applied: a key it read changed before the
 * commit, or another transaction held one of its keys. Run it again (from its reads: what it read
 * is stale); {@link RingstoreClient#transaction} does so by itself.
 */
public final class TransactionConflictException extends RingstoreException {
  private static final long serialVersionUID = 1L;

  TransactionConflictException(String detail) {
    super("the transaction did not commit, nothing of it applied: " + detail + "; run it again");
  }
}
