package io.ringstore.client;

/** An acquisition's wait ran out while another grant held the lock. */
public final class LockNotGrantedException extends RingstoreException {
  private static final long serialVersionUID = 1L;

  private final transient LockStatus holder;

  LockNotGrantedException(String name, LockStatus holder) {
    super(
        "lock "
            + name
            + " is held by another (fencing token "
            + holder.fencingToken()
            + ", lease "
            + holder.lease().toMillis()
            + " ms) and its lease did not run out within the wait: wait longer, or try later");
    this.holder = holder;
  }

  /** The grant that held the lock when the wait ran out, as the node answered it. */
  public LockStatus holder() {
    return holder;
  }
}
