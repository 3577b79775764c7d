package io.ringstore.core.simulation;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.ringstore.core.storage.log.LogEngineSeam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One simulated node's disk: what the storage engine writes survives a crash only if it was forced,
 * and the last write may be torn (DESIGN.md, "Failure model": crash-recover, torn writes at a
 * crash, a lost disk).
 *
 * <p>Model. The files live in an in-memory Jimfs file system: what the engine reads and writes
 * there is the page cache. Beside it the disk keeps what a power cut would leave: each file's bytes
 * as of its last {@code force} (keyed by the file, not its name, so a rename keeps them), and each
 * directory's names as of its last directory force. {@link #crash} builds a fresh file system from
 * that image alone: a file whose name was never forced vanishes, a delete or rename that was not
 * forced is undone, bytes written or truncated since a file's last force are gone. The one
 * exception is the disk's last write, if its file was not forced since: with even odds a random
 * proper prefix of it survives at its offset (a torn write; if unforced writes before it were lost,
 * the gap reads as zeros, as on a file system that kept the size but not the pages). {@link #wipe}
 * loses everything: the node comes back on a new, empty disk.
 *
 * <p>Power failing mid-write. Under {@code FsyncPolicy.ALWAYS} a crash between events finds every
 * write forced, so {@link #armPowerFailure} lets the power fail inside one: the disk's next write
 * puts only a random proper prefix of its bytes into the file (at least one byte, when the write
 * has two or more) and throws, and from then on every write, truncation, force, open and directory
 * force throws {@link #POWER_FAILURE} until the crash the armer schedules. That crash keeps the
 * prefix on top of the file's forced bytes, whatever its odds for other writes: the bytes were on
 * their way to the platter when the power went. A crash or wipe before the next write disarms it.
 *
 * <p>Simplifications. Directories never vanish: one created is durable at once (the engine creates
 * only its data directory, which this disk has from the start). A force covers a file's data and
 * size whether or not metadata was asked for (fdatasync covers the size a read needs). Writes fail
 * only once the power has failed, and the disk never fills ({@code FaultyDisk} in the engine's
 * tests covers a full disk and failing fsyncs). Deletes and renames go to Jimfs directly, so they
 * still work in the page cache after a power failure; the crash undoes them unforced. A file
 * written around {@link #open} (the engine's lock file) keeps no data across a crash.
 *
 * <p>{@link #flipBit} flips one bit of one data segment in place, in the live bytes and in what the
 * last force kept: bit rot, which the engine's record checksums must catch and repair must undo.
 *
 * <p>Determinism: one thread; the only randomness is the tear and the cut, drawn from the
 * simulation's seeded source, and only when there is a write to tear or cut. Jimfs timestamps come
 * from a fixed source, never the system clock. A crash closes the old file system, so a crashed
 * engine's channels are dead.
 */
final class SimulatedDisk implements LogEngineSeam.Disk {
  /** The directory the node's engine stores in. */
  static final String DATA_DIRECTORY = "/data";

  /** The directory the node's hint store keeps its engine in. */
  static final String HINTS_DIRECTORY = "/hints";

  /** The directory the node's Paxos acceptor keeps its engine in. */
  static final String PAXOS_DIRECTORY = "/paxos";

  /** What every write, force and open throws once the power has failed. */
  static final String POWER_FAILURE = "simulated power failure";

  private static final byte[] EMPTY = new byte[0];

  /** Every file's timestamps: Jimfs would read the system clock. */
  private static final FileTime EPOCH = FileTime.fromMillis(0);

  private final Random random;
  private FileSystem files;
  private int generation;

  /** Each file's bytes at its last force, by Jimfs file key. */
  private final Map<Object, byte[]> forcedBytes = new HashMap<>();

  /** Each directory's names at its last directory force: directory -> name -> file key. */
  private final Map<String, Map<String, Object>> forcedNames = new TreeMap<>();

  /** The disk's most recent write, until its file is forced or something is truncated. */
  private Write lastWrite;

  /** Bytes written at a position of a file, named by its Jimfs file key. */
  private record Write(Object fileKey, long position, byte[] bytes) {}

  /** Told, with a description, when an armed power failure cuts a write short; null if unarmed. */
  private Consumer<String> powerFailureOrNull;

  /** The prefix of the write the power failure cut short, and that write's whole length. */
  private Write cutWrite;

  private int cutWriteBytes;

  /** Whether the power has failed: every write, force and open throws until the crash. */
  private boolean powerFailed;

  /** Where a file's forced name lives: the directory and the name in it. */
  private record ForcedName(String directory, String name) {}

  SimulatedDisk(Random random) {
    this.random = random;
    replaceFileSystem(
        Map.of(DATA_DIRECTORY, Map.of(), HINTS_DIRECTORY, Map.of(), PAXOS_DIRECTORY, Map.of()));
  }

  /**
   * Where the engine keeps its files, in the current file system. Pitfall: a crash replaces the
   * file system, so a path taken before it is dead; ask again after every crash.
   */
  Path dataDirectory() {
    return files.getPath(DATA_DIRECTORY);
  }

  /** Where the hint store keeps its files; the same pitfall as {@link #dataDirectory}. */
  Path hintsDirectory() {
    return files.getPath(HINTS_DIRECTORY);
  }

  /** Where the Paxos acceptor keeps its files; the same pitfall as {@link #dataDirectory}. */
  Path paxosDirectory() {
    return files.getPath(PAXOS_DIRECTORY);
  }

  /**
   * A power cut: only forced bytes and forced names survive, and the last unforced write may be
   * torn. Returns what happened to that write, for the event log.
   */
  String crash() {
    Map<String, Map<String, byte[]>> image = durableImage();
    String tear = cutWrite != null ? keepCutWrite(image) : tearLastWrite(image);
    String disarmed = powerFailureOrNull != null ? "; the armed power failure is disarmed" : "";
    replaceFileSystem(image);
    return tear + disarmed;
  }

  /**
   * Arms a power failure: the disk's next write is cut short and {@code onFailure} is told, with a
   * description, from inside that write; the caller must then crash the node.
   */
  void armPowerFailure(Consumer<String> onFailure) {
    if (powerFailureOrNull != null || powerFailed) {
      throw new IllegalStateException("a power failure is already armed or has happened");
    }
    powerFailureOrNull = onFailure;
  }

  /** Disarms a power failure that has not cut a write yet; returns whether one was armed. */
  boolean disarmPowerFailure() {
    boolean armed = powerFailureOrNull != null;
    powerFailureOrNull = null;
    return armed;
  }

  /** Whether the power has failed mid-write and the node has not crashed yet. */
  boolean powerFailed() {
    return powerFailed;
  }

  /** The disk is lost: the node restarts on an empty one. */
  void wipe() {
    replaceFileSystem(
        Map.of(DATA_DIRECTORY, Map.of(), HINTS_DIRECTORY, Map.of(), PAXOS_DIRECTORY, Map.of()));
  }

  @Override
  public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
    requirePower();
    Set<OpenOption> readable = new HashSet<>(options);
    readable.add(StandardOpenOption.READ);
    FileChannel channel = FileChannel.open(path, readable);
    Object key = fileKey(path);
    forcedBytes.putIfAbsent(key, EMPTY);
    boolean readsAllowed = options.contains(StandardOpenOption.READ);
    Tracker tracker = new Tracker(key, path.getFileName().toString(), generation);
    return new SimulatedFileChannel(channel, readsAllowed, tracker);
  }

  @Override
  public void forceDirectory(Path directory) throws IOException {
    requirePower();
    Map<String, Object> names = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          names.put(entry.getFileName().toString(), fileKey(entry));
        }
      }
    }
    forcedNames.put(name(directory), names);
  }

  /**
   * Flips one random bit of one random data segment, as bit rot would: in the live file and in the
   * bytes its last force kept, so a crash does not undo it. Says where, or that there was no
   * segment to flip.
   */
  String flipBit() {
    try {
      List<Path> segments;
      try (Stream<Path> files = Files.list(dataDirectory())) {
        segments =
            files
                .filter(path -> path.getFileName().toString().endsWith(".log"))
                .filter(path -> sizeOf(path) > 0)
                .sorted()
                .toList();
      }
      if (segments.isEmpty()) {
        return "no segment to flip a bit in";
      }
      Path segment = segments.get(random.nextInt(segments.size()));
      byte[] live = Files.readAllBytes(segment);
      int offset = random.nextInt(live.length);
      int mask = 1 << random.nextInt(Byte.SIZE);
      live[offset] ^= (byte) mask;
      try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(live, offset, 1), offset);
      }
      byte[] durable = forcedBytes.get(fileKey(segment));
      if (durable != null && offset < durable.length) {
        durable[offset] ^= (byte) mask;
      }
      return "bit flip at byte " + offset + " of " + segment.getFileName();
    } catch (IOException e) {
      throw new UncheckedIOException("flipping a bit on the simulated disk failed", e);
    }
  }

  private static long sizeOf(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every directory of the live file system, with the names and bytes its last force kept. */
  private Map<String, Map<String, byte[]>> durableImage() {
    Map<String, Map<String, byte[]>> image = new TreeMap<>();
    for (String directory : liveDirectories()) {
      Map<String, byte[]> kept = new TreeMap<>();
      forcedNames
          .getOrDefault(directory, Map.of())
          .forEach((name, key) -> kept.put(name, forcedBytes.getOrDefault(key, EMPTY)));
      image.put(directory, kept);
    }
    return image;
  }

  private List<String> liveDirectories() {
    try (Stream<Path> paths = Files.walk(files.getPath("/"))) {
      return paths.filter(Files::isDirectory).map(SimulatedDisk::name).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing an in-memory file system cannot fail", e);
    }
  }

  /** With even odds, writes a random proper prefix of the last write into the image. */
  private String tearLastWrite(Map<String, Map<String, byte[]>> image) {
    if (lastWrite == null) {
      return "no unforced write to tear";
    }
    ForcedName file = forcedNameOf(lastWrite.fileKey());
    if (file == null || !random.nextBoolean()) {
      return "last unforced write lost whole";
    }
    int keptBytes = random.nextInt(lastWrite.bytes().length);
    keep(image, file, lastWrite, keptBytes);
    return tornMessage(file, keptBytes, lastWrite.bytes().length, lastWrite.position());
  }

  /** Writes the prefix a power failure let through into the image, if its file's name survives. */
  private String keepCutWrite(Map<String, Map<String, byte[]>> image) {
    ForcedName file = forcedNameOf(cutWrite.fileKey());
    if (file == null) {
      return "the write the power failure cut short is lost whole: its file's name was not forced";
    }
    keep(image, file, cutWrite, cutWrite.bytes().length);
    return tornMessage(file, cutWrite.bytes().length, cutWriteBytes, cutWrite.position())
        + " (the power failed mid-write)";
  }

  private static String tornMessage(ForcedName file, int keptBytes, int bytes, long position) {
    return "tore the last write to "
        + file.name()
        + ": kept "
        + keptBytes
        + " of "
        + bytes
        + " bytes at "
        + position;
  }

  /** The first forced name of the file {@code fileKey}, or null if no forced directory has it. */
  private ForcedName forcedNameOf(Object fileKey) {
    for (Map.Entry<String, Map<String, Object>> directory : forcedNames.entrySet()) {
      for (Map.Entry<String, Object> file : directory.getValue().entrySet()) {
        if (file.getValue().equals(fileKey)) {
          return new ForcedName(directory.getKey(), file.getKey());
        }
      }
    }
    return null;
  }

  /** Puts the first {@code keptBytes} of {@code write} over the file's durable bytes. */
  private static void keep(
      Map<String, Map<String, byte[]>> image, ForcedName file, Write write, int keptBytes) {
    Map<String, byte[]> names = image.get(file.directory());
    byte[] durable = names.get(file.name());
    long end = write.position() + keptBytes;
    byte[] result = Arrays.copyOf(durable, Math.toIntExact(Math.max(durable.length, end)));
    System.arraycopy(write.bytes(), 0, result, (int) write.position(), keptBytes);
    names.put(file.name(), result);
  }

  /** Closes the current file system (if any) and starts a new one holding exactly {@code image}. */
  private void replaceFileSystem(Map<String, Map<String, byte[]>> image) {
    try {
      if (files != null) {
        files.close();
      }
      files = Jimfs.newFileSystem(configuration());
      generation++;
      forcedBytes.clear();
      forcedNames.clear();
      lastWrite = null;
      powerFailureOrNull = null;
      powerFailed = false;
      cutWrite = null;
      for (Map.Entry<String, Map<String, byte[]>> directory : image.entrySet()) {
        restore(directory.getKey(), directory.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory file system cannot fail", e);
    }
  }

  private void restore(String directory, Map<String, byte[]> contents) throws IOException {
    Path path = Files.createDirectories(files.getPath(directory));
    Map<String, Object> names = new TreeMap<>();
    for (Map.Entry<String, byte[]> file : contents.entrySet()) {
      Path written = Files.write(path.resolve(file.getKey()), file.getValue());
      Object key = fileKey(written);
      forcedBytes.put(key, file.getValue());
      names.put(file.getKey(), key);
    }
    forcedNames.put(directory, names);
  }

  private void requirePower() throws IOException {
    if (powerFailed) {
      throw new IOException(POWER_FAILURE);
    }
  }

  private static Configuration configuration() {
    return Configuration.unix().toBuilder().setFileTimeSource(() -> EPOCH).build();
  }

  private static Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
  }

  private static String name(Path directory) {
    return directory.toAbsolutePath().normalize().toString();
  }

  /**
   * What one open file reports to the disk (its writes, truncations and forces), and asks it
   * (whether there is power, how much of a write gets through).
   */
  final class Tracker {
    private final Object fileKey;
    private final String fileName;
    private final int openedInGeneration;

    private Tracker(Object fileKey, String fileName, int openedInGeneration) {
      this.fileKey = fileKey;
      this.fileName = fileName;
      this.openedInGeneration = openedInGeneration;
    }

    /** Throws once the power has failed: the file can no longer be changed. */
    void requirePower() throws IOException {
      SimulatedDisk.this.requirePower();
    }

    /**
     * How many of a write's {@code bytes} reach the file: all of them, or, if a power failure is
     * armed, a random proper prefix (at least one byte of two or more).
     */
    int bytesGettingThrough(int bytes) throws IOException {
      requirePower();
      if (powerFailureOrNull == null || bytes == 0) {
        return bytes;
      }
      return bytes == 1 ? 0 : 1 + random.nextInt(bytes - 1);
    }

    /** The power failed after {@code kept} of a write's {@code bytes} reached the file. */
    void cutShort(long position, byte[] kept, int bytes) {
      Consumer<String> onFailure = powerFailureOrNull;
      powerFailureOrNull = null;
      powerFailed = true;
      cutWrite = new Write(fileKey, position, kept);
      cutWriteBytes = bytes;
      onFailure.accept(
          "power fails mid-write to "
              + fileName
              + ": "
              + kept.length
              + " of "
              + bytes
              + " bytes at "
              + position
              + " reach the disk");
    }

    /** Whether the file system this file was opened in is still the disk's (no crash since). */
    boolean current() {
      return openedInGeneration == generation;
    }

    void wrote(long position, byte[] bytes) {
      lastWrite = new Write(fileKey, position, bytes);
    }

    void truncated() {
      lastWrite = null;
    }

    void forced(byte[] contents) {
      forcedBytes.put(fileKey, contents);
      if (lastWrite != null && lastWrite.fileKey().equals(fileKey)) {
        lastWrite = null;
      }
    }
  }

  static byte[] contents(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(channel.size()));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        break;
      }
    }
    return buffer.array();
  }
}
