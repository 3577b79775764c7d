/**
 * The network as protocol logic sees it: {@link io.ringstore.core.net.Transport} sends a request to
 * a node and hears back through a {@link io.ringstore.core.net.ResponseHandler}; a {@link
 * io.ringstore.core.net.RequestHandler} serves what arrives. Netty implements these in store-node
 * and store-client; the simulator implements them in memory.
 */
package io.ringstore.core.net;
