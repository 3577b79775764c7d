package io.ringstore.core.simulation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file of a {@link SimulatedDisk}: a pass-through decorator over a Jimfs channel that reports
 * every write (where, which bytes), truncation and force to the disk, which decides what a crash
 * keeps. A channel opened before a crash is dead: every call throws {@link ClosedChannelException},
 * as a crashed process's descriptors are gone. Once the disk's power has failed, writes,
 * truncations and forces throw {@code IOException}; reads still see the page cache. The Jimfs
 * channel underneath is always readable, so that a force can copy the file's bytes; reads through
 * this channel need {@code READ} as usual. Memory mapping and transfers are not supported; the
 * engine uses neither.
 */
final class SimulatedFileChannel extends FileChannel {
  private final FileChannel delegate;
  private final boolean readable;
  private final SimulatedDisk.Tracker tracker;

  SimulatedFileChannel(FileChannel delegate, boolean readable, SimulatedDisk.Tracker tracker) {
    this.delegate = delegate;
    this.readable = readable;
    this.tracker = tracker;
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    long position = position();
    int written = write(source, position);
    delegate.position(position + written);
    return written;
  }

  @Override
  public int write(ByteBuffer source, long position) throws IOException {
    requireCurrent();
    ByteBuffer copy = source.duplicate();
    int gettingThrough = tracker.bytesGettingThrough(source.remaining());
    if (gettingThrough < source.remaining()) {
      cutShort(copy, position, gettingThrough);
    }
    int written = delegate.write(source, position);
    report(position, copy, written);
    return written;
  }

  /** The power fails mid-write: only the first {@code keptBytes} reach the file. */
  private void cutShort(ByteBuffer source, long position, int keptBytes) throws IOException {
    int bytes = source.remaining();
    byte[] kept = new byte[keptBytes];
    source.get(kept);
    delegate.write(ByteBuffer.wrap(kept), position);
    tracker.cutShort(position, kept, bytes);
    throw new IOException(SimulatedDisk.POWER_FAILURE);
  }

  @Override
  public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
    long written = 0;
    for (int i = offset; i < offset + length; i++) {
      written += write(sources[i]);
    }
    return written;
  }

  private void report(long position, ByteBuffer copy, int written) {
    if (written > 0) {
      byte[] bytes = new byte[written];
      copy.get(bytes);
      tracker.wrote(position, bytes);
    }
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    requireCurrent();
    tracker.requirePower();
    delegate.truncate(size);
    tracker.truncated();
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    requireCurrent();
    tracker.requirePower();
    delegate.force(metaData);
    tracker.forced(SimulatedDisk.contents(delegate));
  }

  @Override
  public int read(ByteBuffer target) throws IOException {
    requireReadable();
    return delegate.read(target);
  }

  @Override
  public int read(ByteBuffer target, long position) throws IOException {
    requireReadable();
    return delegate.read(target, position);
  }

  @Override
  public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
    requireReadable();
    return delegate.read(targets, offset, length);
  }

  @Override
  public long position() throws IOException {
    requireCurrent();
    return delegate.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    requireCurrent();
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    requireCurrent();
    return delegate.size();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException("the simulated disk does not transfer");
  }

  @Override
  public long transferFrom(ReadableByteChannel source, long position, long count) {
    throw new UnsupportedOperationException("the simulated disk does not transfer");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("the simulated disk does not map files");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    requireCurrent();
    return delegate.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    requireCurrent();
    return delegate.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    delegate.close();
  }

  private void requireReadable() throws ClosedChannelException {
    requireCurrent();
    if (!readable) {
      throw new NonReadableChannelException();
    }
  }

  private void requireCurrent() throws ClosedChannelException {
    if (!isOpen() || !tracker.current()) {
      throw new ClosedChannelException();
    }
  }
}
