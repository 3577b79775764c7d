/**
 * The node: the composition root that wires the protocol services of store-core to production
 * edges. So far it holds {@link io.ringstore.node.SystemClock}, the one production {@link
 * io.ringstore.core.time.Clock}; the Netty server, coordinator, configuration and {@code main} come
 * with the running-cluster work.
 */
package io.ringstore.node;
