package io.ringstore.core.storage.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens the engine's files: {@link FileChannel#open} in production, a fault-injecting decorator in
 * tests (a full disk, a failing fsync). The one seam between the engine and the file system's write
 * path.
 */
@FunctionalInterface
interface ChannelOpener {
  ChannelOpener DEFAULT = (path, options) -> FileChannel.open(path, options);

  FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
}
