/**
 * The Java client library. It depends on store-core and Netty, never on store-node.
 *
 * <ul>
 *   <li>{@link io.ringstore.client.RingstoreClient}, built by its validating {@link
 *       io.ringstore.client.RingstoreClient.Builder}: sync and async get, put (blind or over a
 *       {@link io.ringstore.client.VersionContext}) and delete, with per-request {@link
 *       io.ringstore.client.ReadOptions} and {@link io.ringstore.client.WriteOptions} (consistency,
 *       timeout).
 *   <li>Results: {@link io.ringstore.client.GetResult} (live values, tombstones filtered out, and
 *       the merged context), {@link io.ringstore.client.PutResult}, {@link
 *       io.ringstore.client.DeleteResult}.
 *   <li>Failures: {@link io.ringstore.client.RingstoreException} and its subclasses {@link
 *       io.ringstore.client.QuorumFailedException}, {@link
 *       io.ringstore.client.RequestTimeoutException}, {@link
 *       io.ringstore.client.ServerErrorException}, {@link
 *       io.ringstore.client.NoReachableNodeException}, {@link
 *       io.ringstore.client.ClientOverloadedException}.
 *   <li>Routing: {@link io.ringstore.client.RingSource} supplies the ring (by default {@code
 *       SeedRingSource} asks the seeds); package-private {@code RingRouter} keeps it fresh, also
 *       from the ring epoch every response carries, and {@code RoutedCall} walks a key's replicas
 *       within the request's deadline; {@code ResponseMapping} turns responses into results or
 *       exceptions; deadlines read {@link io.ringstore.core.time.SystemClock} unless a test injects
 *       a clock.
 *   <li>No stall on a silent node: {@code NodeHealth} suspects a node at its first timeout or
 *       failed connection and orders it last until it answers; {@code HealthProbes} pings suspected
 *       replicas on the side so they come back; {@code AttemptTimeouts} makes every attempt but the
 *       last short, from each node's recent latencies ({@code LatencyWindow}).
 *   <li>The connections themselves live in {@link io.ringstore.client.netty}.
 * </ul>
 */
package io.ringstore.client;
