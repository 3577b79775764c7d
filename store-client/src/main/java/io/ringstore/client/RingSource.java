package io.ringstore.client;

import io.ringstore.core.ring.Ring;
import java.util.concurrent.CompletionStage;

/**
 * Where the client learns the ring it routes by. The default asks the seed nodes with a ring
 * request; tests, and applications that know the ring from elsewhere, give their own to {@link
 * RingstoreClient.Builder#ringSource}.
 *
 * <p><b>Pitfalls.</b> Called from the client's event loop: return a stage at once, never block.
 */
@FunctionalInterface
public interface RingSource {
  /** The cluster's current ring, or a failed stage saying why it could not be learned. */
  CompletionStage<Ring> fetch();
}
