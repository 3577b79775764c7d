package io.ringstore.core.storage.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segment files of one engine directory: their names ({@code segment-<20-digit id>.log} and
 * {@code .hint}), the open segments by id, and the next id. Ids only grow, so a new segment (the
 * next active one or a compaction output) never reuses a name. Thread-safe: the map is concurrent
 * and ids come from an atomic counter.
 */
final class SegmentDirectory {
  private static final Pattern LOG_NAME = Pattern.compile("segment-(\\d{20})\\.log");
  private static final Pattern HINT_NAME = Pattern.compile("segment-(\\d{20})\\.hint");

  private final Path directory;
  private final ChannelOpener opener;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  private final AtomicLong nextId = new AtomicLong(1);

  SegmentDirectory(Path directory, ChannelOpener opener) {
    this.directory = directory;
    this.opener = opener;
  }

  Path directory() {
    return directory;
  }

  ChannelOpener opener() {
    return opener;
  }

  Path logPath(long id) {
    return directory.resolve(String.format(java.util.Locale.ROOT, "segment-%020d.log", id));
  }

  Path hintPath(long id) {
    return directory.resolve(String.format(java.util.Locale.ROOT, "segment-%020d.hint", id));
  }

  /** Ids of the segment files on disk, ascending; the next id is set past the highest. */
  List<Long> listLogIds() throws IOException {
    List<Long> ids = idsMatching(LOG_NAME);
    ids.forEach(id -> nextId.accumulateAndGet(id + 1, Math::max));
    return ids;
  }

  /** Ids of hint files on disk, ascending. */
  List<Long> listHintIds() throws IOException {
    return idsMatching(HINT_NAME);
  }

  private List<Long> idsMatching(Pattern pattern) throws IOException {
    List<Long> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        Matcher matcher = pattern.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          ids.add(Long.parseLong(matcher.group(1)));
        }
      }
    }
    ids.sort(null);
    return ids;
  }

  /** Opens an existing segment file, not yet registered. */
  Segment openExisting(long id, Segment.State state) throws IOException {
    Path path = logPath(id);
    FileChannel channel =
        opener.open(path, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
    return new Segment(id, path, opener, channel, channel.size(), state);
  }

  /**
   * Creates an empty segment file with the next id, not registered. Its directory entry is not
   * forced yet ({@link Segment#nameForced}): whoever first forces its data forces the directory.
   */
  Segment create(Segment.State state) throws IOException {
    long id = nextId.getAndIncrement();
    Path path = logPath(id);
    FileChannel channel =
        opener.open(
            path,
            Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE));
    Segment segment = new Segment(id, path, opener, channel, 0, state);
    segment.nameForced(false);
    return segment;
  }

  /** Forces {@code segment}'s data, and the directory first if its name is not yet durable. */
  void force(Segment segment) throws IOException {
    if (!segment.nameForced()) {
      forceDirectory();
      segment.nameForced(true);
    }
    segment.force();
  }

  /** Makes created and deleted names durable (a new file's data is useless if its name is lost). */
  void forceDirectory() throws IOException {
    opener.forceDirectory(directory);
  }

  void register(Segment segment) {
    segments.put(segment.id(), segment);
  }

  /** The open segment {@code id}, or null if compaction deleted it. */
  Segment get(long id) {
    return segments.get(id);
  }

  Collection<Segment> all() {
    return segments.values();
  }

  int count() {
    return segments.size();
  }

  /** Unregisters, closes and deletes {@code segment} and its hint file. */
  void delete(Segment segment) throws IOException {
    segments.remove(segment.id(), segment);
    segment.close(true);
    Files.deleteIfExists(hintPath(segment.id()));
    Files.deleteIfExists(segment.path());
  }

  /**
   * Closes every segment, remembering the first failure; {@code forced} says whether the engine's
   * final force succeeded (see {@link Segment#forcedBeforeClose}).
   */
  void closeAll(boolean forced) throws IOException {
    IOException failure = null;
    for (Segment segment : segments.values()) {
      try {
        segment.close(forced);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
