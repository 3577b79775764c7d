package io.ringstore.core.storage.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ChannelOpener} whose channels can refuse writes as a full disk does, can make a force
 * last until a condition of the test holds (a slow fsync without real timing), and which remember
 * how many bytes of each file were forced: truncating a copy of the files to those lengths gives
 * what a power cut would leave.
 */
final class FaultyDisk implements ChannelOpener {
  private volatile boolean full;
  private volatile boolean forcesFail;
  private volatile boolean writesFail;
  private volatile Runnable beforeForce = () -> {};
  private final Map<Path, Long> forcedBytes = new ConcurrentHashMap<>();

  void full(boolean value) {
    full = value;
  }

  /** While set, every write fails with an I/O error other than a full disk (EIO). */
  void writesFail(boolean value) {
    writesFail = value;
  }

  /** While set, every force fails with an I/O error, as a failed writeback does (EIO). */
  void forcesFail(boolean value) {
    forcesFail = value;
  }

  /** Runs {@code hook} in every force before it starts: a hook that waits makes fsync slow. */
  void beforeForce(Runnable hook) {
    beforeForce = hook;
  }

  /** Bytes of {@code path} that were on disk at its last force (0 if never forced). */
  long forcedBytes(Path path) {
    return forcedBytes.getOrDefault(path, 0L);
  }

  @Override
  public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
    return new Channel(path, FileChannel.open(path, options));
  }

  private final class Channel extends FileChannel {
    private final Path path;
    private final FileChannel delegate;

    Channel(Path path, FileChannel delegate) {
      this.path = path;
      this.delegate = delegate;
    }

    private void checkSpace(ByteBuffer source) throws IOException {
      if (writesFail) {
        throw new IOException("Input/output error");
      }
      if (full) {
        if (source.remaining() > 1) {
          ByteBuffer half = source.duplicate();
          half.limit(half.position() + source.remaining() / 2);
          delegate.write(half, delegate.size());
        }
        throw new IOException("No space left on device");
      }
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
      checkSpace(source);
      return delegate.write(source, position);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      checkSpace(source);
      return delegate.write(source);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      beforeForce.run();
      if (forcesFail) {
        throw new IOException("Input/output error");
      }
      long size = delegate.size();
      delegate.force(metaData);
      forcedBytes.put(path, size);
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
      return delegate.read(destination);
    }

    @Override
    public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
      return delegate.read(destinations, offset, length);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
      if (full) {
        throw new IOException("No space left on device");
      }
      return delegate.write(sources, offset, length);
    }

    @Override
    public long position() throws IOException {
      return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      delegate.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      delegate.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count)
        throws IOException {
      return delegate.transferFrom(source, position, count);
    }

    @Override
    public int read(ByteBuffer destination, long position) throws IOException {
      return delegate.read(destination, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      delegate.close();
    }
  }
}
