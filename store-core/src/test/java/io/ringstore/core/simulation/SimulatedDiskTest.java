package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.testing.Seeds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulated disk keeps what was forced, loses what was not, and tears from its seed. */
class SimulatedDiskTest {
  private static final Set<StandardOpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);

  @Test
  void forcedBytesSurviveACrashAndUnforcedOnesDoNot() throws IOException {
    SimulatedDisk disk = new SimulatedDisk(new Random(Seeds.seed("SimulatedDiskTest.forced")));
    Path file = disk.dataDirectory().resolve("a");
    try (FileChannel channel = disk.open(file, CREATE)) {
      channel.write(bytes("forced"));
      channel.force(false);
      disk.forceDirectory(disk.dataDirectory());
      channel.write(bytes("-later"));
      channel.write(bytes("-forced-too"));
      channel.force(false);
      channel.write(bytes("-unforced"));
    }
    disk.crash();

    String after = text(disk, "a");
    assertThat(after).startsWith("forced-later-forced-too");
    assertThat("forced-later-forced-too-unforced").startsWith(after).isNotEqualTo(after);
  }

  /** A bit flip changes exactly one bit of one segment, and a crash does not undo it. */
  @Test
  void aBitFlipChangesOneBitOfASegmentForGood() throws IOException {
    SimulatedDisk disk = new SimulatedDisk(new Random(Seeds.seed("SimulatedDiskTest.flip")));
    Path segment = disk.dataDirectory().resolve("segment-00000000000000000001.log");
    writeForced(disk, segment, "records of a segment");
    writeForced(disk, disk.dataDirectory().resolve("other"), "not a segment");
    disk.forceDirectory(disk.dataDirectory());
    byte[] before = Files.readAllBytes(segment);

    String flipped = disk.flipBit();
    byte[] after = Files.readAllBytes(segment);
    disk.crash();
    byte[] afterCrash =
        Files.readAllBytes(disk.dataDirectory().resolve(segment.getFileName().toString()));

    assertThat(flipped).contains("segment-00000000000000000001.log");
    int differing = 0;
    for (int i = 0; i < before.length; i++) {
      differing += Integer.bitCount((before[i] ^ after[i]) & 0xff);
    }
    assertThat(differing).isEqualTo(1);
    assertThat(afterCrash).isEqualTo(after);
    assertThat(text(disk, "other")).isEqualTo("not a segment");
  }

  @Test
  void aDiskWithoutSegmentsHasNothingToFlip() {
    SimulatedDisk disk = new SimulatedDisk(new Random(Seeds.seed("SimulatedDiskTest.noFlip")));

    assertThat(disk.flipBit()).isEqualTo("no segment to flip a bit in");
  }

  @Test
  void aFileWhoseNameWasNeverForcedVanishesAndAnUnforcedDeleteIsUndone() throws IOException {
    SimulatedDisk disk = new SimulatedDisk(new Random(Seeds.seed("SimulatedDiskTest.names")));
    Path kept = disk.dataDirectory().resolve("kept");
    writeForced(disk, kept, "k");
    disk.forceDirectory(disk.dataDirectory());
    writeForced(disk, disk.dataDirectory().resolve("new"), "n");
    Files.delete(kept);

    disk.crash();

    assertThat(Files.exists(disk.dataDirectory().resolve("new"))).isFalse();
    assertThat(text(disk, "kept")).isEqualTo("k");
  }

  @Test
  void aForcedRenameKeepsTheBytesUnderTheNewName() throws IOException {
    SimulatedDisk disk = new SimulatedDisk(new Random(Seeds.seed("SimulatedDiskTest.rename")));
    Path from = disk.dataDirectory().resolve("from");
    writeForced(disk, from, "bytes");
    Files.move(from, disk.dataDirectory().resolve("to"));
    disk.forceDirectory(disk.dataDirectory());

    disk.crash();

    assertThat(Files.exists(disk.dataDirectory().resolve("from"))).isFalse();
    assertThat(text(disk, "to")).isEqualTo("bytes");
  }

  @Test
  void aTornWriteKeepsAProperPrefixAndOnlyTheLastWriteIsTorn() throws IOException {
    String last = "0123456789abcdef";
    List<String> seen = new ArrayList<>();
    Random random = new Random(Seeds.seed("SimulatedDiskTest.torn"));
    for (int i = 0; i < 40; i++) {
      SimulatedDisk disk = new SimulatedDisk(random);
      Path file = disk.dataDirectory().resolve("log");
      writeForced(disk, file, "base|");
      disk.forceDirectory(disk.dataDirectory());
      try (FileChannel channel = disk.open(file, Set.of(StandardOpenOption.WRITE))) {
        channel.write(bytes(last), channel.size());
      }
      disk.crash();
      seen.add(text(disk, "log"));
    }

    assertThat(seen).allSatisfy(after -> assertThat(after).startsWith("base|"));
    assertThat(seen).allSatisfy(after -> assertThat(after).isNotEqualTo("base|" + last));
    assertThat(seen).as("some crashes tear, some lose the write whole").contains("base|");
    assertThat(seen).anySatisfy(after -> assertThat(after.length()).isGreaterThan(5));
  }

  @Test
  void aSeedDecidesEveryTear() throws IOException {
    long seed = Seeds.seed("SimulatedDiskTest.replay");
    assertThat(tornRuns(seed)).isEqualTo(tornRuns(seed));
  }

  @Test
  void aWipedDiskIsEmptyAndAChannelFromBeforeACrashIsDead() throws IOException {
    SimulatedDisk disk = new SimulatedDisk(new Random(Seeds.seed("SimulatedDiskTest.wipe")));
    Path file = disk.dataDirectory().resolve("a");
    FileChannel stale = disk.open(file, CREATE);
    stale.write(bytes("x"));
    stale.force(true);
    disk.forceDirectory(disk.dataDirectory());

    disk.crash();
    assertThatThrownBy(() -> stale.write(bytes("y"))).isInstanceOf(ClosedChannelException.class);
    disk.wipe();

    try (var names = Files.list(disk.dataDirectory())) {
      assertThat(names).isEmpty();
    }
  }

  @Test
  void aPowerFailureCutsTheNextWriteShortFailsEverythingAfterAndTheCrashKeepsThePrefix()
      throws IOException {
    String last = "0123456789abcdef";
    Random random = new Random(Seeds.seed("SimulatedDiskTest.powerFailure"));
    for (int i = 0; i < 20; i++) {
      SimulatedDisk disk = new SimulatedDisk(random);
      Path file = disk.dataDirectory().resolve("log");
      writeForced(disk, file, "base|");
      disk.forceDirectory(disk.dataDirectory());
      List<String> told = new ArrayList<>();
      disk.armPowerFailure(told::add);
      FileChannel channel = disk.open(file, Set.of(StandardOpenOption.WRITE));

      assertThatThrownBy(() -> channel.write(bytes(last), channel.size()))
          .isInstanceOf(IOException.class)
          .hasMessage(SimulatedDisk.POWER_FAILURE);
      assertThat(told).singleElement().asString().startsWith("power fails mid-write to log: ");
      assertThat(disk.powerFailed()).isTrue();
      assertEverythingFails(disk, channel, file);
      String crash = disk.crash();

      String after = text(disk, "log");
      assertThat(after).startsWith("base|").isNotEqualTo("base|").isNotEqualTo("base|" + last);
      assertThat("base|" + last).startsWith(after);
      assertThat(crash)
          .contains("tore the last write to log")
          .endsWith("(the power failed mid-write)");
      assertThat(disk.powerFailed()).isFalse();
      writeForced(disk, disk.dataDirectory().resolve("after"), "power is back");
    }
  }

  private static void assertEverythingFails(SimulatedDisk disk, FileChannel channel, Path file) {
    assertThatThrownBy(() -> channel.write(bytes("x"))).hasMessage(SimulatedDisk.POWER_FAILURE);
    assertThatThrownBy(() -> channel.force(false)).hasMessage(SimulatedDisk.POWER_FAILURE);
    assertThatThrownBy(() -> channel.truncate(0)).hasMessage(SimulatedDisk.POWER_FAILURE);
    assertThatThrownBy(() -> disk.open(file, Set.of(StandardOpenOption.READ)))
        .hasMessage(SimulatedDisk.POWER_FAILURE);
    assertThatThrownBy(() -> disk.forceDirectory(disk.dataDirectory()))
        .hasMessage(SimulatedDisk.POWER_FAILURE);
  }

  @Test
  void aCrashBeforeTheNextWriteDisarmsThePowerFailure() throws IOException {
    SimulatedDisk disk = new SimulatedDisk(new Random(Seeds.seed("SimulatedDiskTest.disarm")));
    List<String> told = new ArrayList<>();
    disk.armPowerFailure(told::add);

    assertThat(disk.crash()).endsWith("; the armed power failure is disarmed");
    writeForced(disk, disk.dataDirectory().resolve("a"), "whole");

    assertThat(told).isEmpty();
    assertThat(disk.disarmPowerFailure()).isFalse();
    assertThat(text(disk, "a")).isEqualTo("whole");
  }

  private static List<String> tornRuns(long seed) throws IOException {
    SimulatedDisk disk = new SimulatedDisk(new Random(seed));
    Path file = disk.dataDirectory().resolve("log");
    writeForced(disk, file, "");
    disk.forceDirectory(disk.dataDirectory());
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Path live = disk.dataDirectory().resolve("log");
      try (FileChannel channel = disk.open(live, Set.of(StandardOpenOption.WRITE))) {
        channel.write(bytes("record-" + i + ";"), channel.size());
      }
      runs.add(disk.crash() + " -> " + text(disk, "log"));
    }
    return runs;
  }

  private static void writeForced(SimulatedDisk disk, Path file, String text) throws IOException {
    try (FileChannel channel = disk.open(file, CREATE)) {
      channel.write(bytes(text));
      channel.force(false);
    }
  }

  private static String text(SimulatedDisk disk, String name) throws IOException {
    return new String(
        Files.readAllBytes(disk.dataDirectory().resolve(name)), StandardCharsets.UTF_8);
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
