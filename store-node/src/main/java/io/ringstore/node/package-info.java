/**
 * The node: the composition root that wires the protocol services of store-core to production
 * edges. So far it holds {@link io.ringstore.node.SystemClock}, the one production {@link
 * io.ringstore.core.time.Clock}, and {@link io.ringstore.node.ExecutorScheduler}; the Netty server
 * and the peer transport are in {@link io.ringstore.node.net}. The coordinator, configuration and
 * {@code main} come with the rest of the running-cluster work.
 */
package io.ringstore.node;
