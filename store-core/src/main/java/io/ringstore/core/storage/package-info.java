/**
 * Where a node keeps its replicas.
 *
 * <ul>
 *   <li>{@link io.ringstore.core.storage.StorageEngine} is the one narrow interface: get every
 *       version of a key, put a version unless obsolete, delete by tombstone, scan a token range,
 *       sync, close.
 *   <li>{@link io.ringstore.core.storage.VersionSet} is the put rule all engines share: a key's
 *       versions stay an antichain under the vector clock order.
 *   <li>{@link io.ringstore.core.storage.InMemoryStorageEngine} keeps everything in a sorted map,
 *       for tests and the simulator.
 *   <li>{@link io.ringstore.core.storage.TokenKey} orders keys as the ring does, so scans are
 *       sub-map walks.
 *   <li>{@link io.ringstore.core.storage.StorageLimits} bounds keys and values; {@link
 *       io.ringstore.core.storage.StorageException} and its subclasses say what failed.
 * </ul>
 */
package io.ringstore.core.storage;
