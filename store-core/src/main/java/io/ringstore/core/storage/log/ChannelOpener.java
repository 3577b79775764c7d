package io.ringstore.core.storage.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Opens the engine's files and forces its directory: {@link FileChannel#open} in production, a
 * fault-injecting decorator in tests (a full disk, a failing fsync), a simulated disk in the
 * simulator (one that loses what was not forced at a crash). The one seam between the engine and
 * the file system's write path.
 */
@FunctionalInterface
interface ChannelOpener {
  ChannelOpener DEFAULT = (path, options) -> FileChannel.open(path, options);

  FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

  /** Makes the names created, renamed and deleted in {@code directory} durable. */
  default void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
