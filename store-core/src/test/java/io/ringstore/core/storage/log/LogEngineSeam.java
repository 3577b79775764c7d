package io.ringstore.core.storage.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens a {@link LogStorageEngine} over a disk the test provides, for tests outside this package
 * (the simulator's {@code SimulatedDisk}). It exposes the package-private {@link ChannelOpener}
 * seam from test sources only: production code has one way to open an engine, over the real disk.
 */
public final class LogEngineSeam {
  private LogEngineSeam() {}

  /** What the engine asks of a disk: open its files, force its directory. */
  public interface Disk {
    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

    void forceDirectory(Path directory) throws IOException;
  }

  /** {@link LogStorageEngine#open} with every file opened and directory forced by {@code disk}. */
  public static LogStorageEngine open(
      LogStorageOptions options, StorageEnvironment environment, Disk disk) {
    return LogStorageEngine.open(options, environment, opener(disk));
  }

  private static ChannelOpener opener(Disk disk) {
    return new ChannelOpener() {
      @Override
      public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        return disk.open(path, options);
      }

      @Override
      public void forceDirectory(Path directory) throws IOException {
        disk.forceDirectory(directory);
      }
    };
  }
}
