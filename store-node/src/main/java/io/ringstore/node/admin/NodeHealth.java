package io.ringstore.node.admin;

/**
 * What {@code /health} answers: whether the node is ready to serve, and why not. A node is ready
 * once its storage is open and recovered and it owns its tokens in its own view of the ring; until
 * then load balancers and Kubernetes keep clients away.
 *
 * @param ready whether the node serves
 * @param state what it is doing: {@code recovering}, {@code joining} or {@code serving}
 * @param detail for people: what it waits for, or what it serves
 */
public record NodeHealth(boolean ready, String state, String detail) {
  /** The node is opening and recovering its storage. */
  public static NodeHealth recovering() {
    return new NodeHealth(false, "recovering", "opening and recovering the storage engine");
  }

  /** Storage is open; the node has not yet joined the ring. */
  public static NodeHealth joining(String detail) {
    return new NodeHealth(false, "joining", detail);
  }

  /** The node serves. */
  public static NodeHealth serving(String detail) {
    return new NodeHealth(true, "serving", detail);
  }
}
