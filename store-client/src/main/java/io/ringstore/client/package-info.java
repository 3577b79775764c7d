/**
 * The Java client library: a validating builder, sync and async get, put and delete with
 * per-request consistency, routing straight to a replica from the ring it learns, one multiplexed
 * connection per node. It arrives with the running-cluster work; this module already fixes its
 * place in the build (it depends on store-core and Netty, never on store-node).
 */
package io.ringstore.client;
