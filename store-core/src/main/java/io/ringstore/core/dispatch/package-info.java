/**
 * Where a request arriving at a node goes. {@link io.ringstore.core.dispatch.NodeRequestHandler} is
 * the node's one {@code RequestHandler}: client requests to the coordinator, peer requests to the
 * replica service, ring requests answered from the current ring.
 */
package io.ringstore.core.dispatch;
