/**
 * The durable storage engine: a log-structured store in the manner of Bitcask (Sheehy and Smith,
 * Basho 2010), with a sorted in-memory index for token-range scans and sibling sets per key.
 *
 * <ul>
 *   <li>{@link io.ringstore.core.storage.log.LogStorageEngine} is the engine: writes, reads, scans,
 *       rollover, sync and close; {@link io.ringstore.core.storage.log.LogStorageOptions}, {@link
 *       io.ringstore.core.storage.log.FsyncPolicy} and {@link
 *       io.ringstore.core.storage.log.StorageEnvironment} configure it; {@link
 *       io.ringstore.core.storage.log.StorageStats} and {@link
 *       io.ringstore.core.storage.log.RecoveryReport} say what it did.
 *   <li>{@code RecordFormat} is the byte layout of a record, its encoder and checked decoder.
 *   <li>{@code Segment} is one log file; {@code SegmentDirectory} names, creates, lists and deletes
 *       them; {@code ChannelOpener} is the seam where tests inject disk faults.
 *   <li>{@code KeyIndex} maps each key to its current versions and their record pointers ({@code
 *       StoredVersion}, {@code RecordPointer}).
 *   <li>{@code ValueReader} reads records through pointers, checks them and caches hot values.
 *   <li>{@code GroupCommit} makes appends durable, one shared fsync for concurrent writers.
 *   <li>{@code HintFile} writes and reads the per-segment index snapshots that make a restart fast.
 *   <li>{@code Recovery} rebuilds the index at open: hints, scans, torn tails, corrupt records.
 *   <li>{@code Compactor} rewrites sealed segments without garbage and drops expired tombstones
 *       when safe.
 * </ul>
 */
package io.ringstore.core.storage.log;
