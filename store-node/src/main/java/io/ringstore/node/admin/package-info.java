/**
 * What an operator watches: the node's metrics and its admin HTTP endpoint.
 *
 * <ul>
 *   <li>{@link io.ringstore.node.admin.NodeMetrics} holds the node's Dropwizard registry: requests
 *       served and sent by type, consistency and failure reason (decorators around the request
 *       handler and the transport), peers by state, connections, storage counters; published over
 *       JMX.
 *   <li>{@link io.ringstore.node.admin.AdminServer} serves {@code /metrics} (Prometheus text format
 *       through Prometheus's Dropwizard bridge), {@code /health} ({@link
 *       io.ringstore.node.admin.NodeHealth}) and {@code /ring} ({@link
 *       io.ringstore.node.admin.RingDescription}, shared with {@code ringstore ring --json}) on its
 *       own port and thread.
 * </ul>
 */
package io.ringstore.node.admin;
