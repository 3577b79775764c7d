package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.membership.MembershipStore;
import io.ringstore.core.wire.GossipInfo;
import io.ringstore.core.wire.GossipState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMembershipStoreTest {
  @TempDir Path directory;

  private static MembershipStore.Saved sample() {
    Member b = Member.of("node-b", "10.0.0.2", 7001).inZone("rack-2");
    Member c = Member.of("node-c", "10.0.0.3", 7002).withWeight(2);
    return new MembershipStore.Saved(
        7,
        new long[] {Long.MIN_VALUE, -5, 0, 42, Long.MAX_VALUE},
        List.of(
            new GossipState(
                b.id(), 3, 99, new GossipInfo(b, MemberStatus.NORMAL, 12, new long[] {-7, 8})),
            new GossipState(
                c.id(), 1, 5, new GossipInfo(c, MemberStatus.JOINING, 5, new long[0]))));
  }

  @Test
  void whatWasSavedLoadsBackInANewInstance() {
    MembershipStore.Saved saved = sample();
    new FileMembershipStore(directory).save(saved);

    MembershipStore.Saved loaded = new FileMembershipStore(directory).load().orElseThrow();

    assertThat(loaded.generation()).isEqualTo(7);
    assertThat(loaded.tokens()).containsExactly(saved.tokens());
    assertThat(loaded.members()).isEqualTo(saved.members());
    assertThat(directory.resolve(FileMembershipStore.FILE_NAME + ".tmp")).doesNotExist();
  }

  @Test
  void eachStatusLoadsBackSoThatAJoinOrADecommissionResumesAfterARestart() {
    for (MemberStatus status : MemberStatus.values()) {
      MembershipStore.Saved saved = sample();
      new FileMembershipStore(directory)
          .save(
              new MembershipStore.Saved(
                  saved.generation(), saved.tokens(), saved.members(), status));

      assertThat(new FileMembershipStore(directory).load().orElseThrow().status())
          .isEqualTo(status);
    }
  }

  /** A file written before statuses were saved (format 1): NORMAL with tokens, JOINING without. */
  @Test
  void aFileOfTheFormatWithoutStatusLoadsAsNormalWithTokens() throws Exception {
    new FileMembershipStore(directory).save(sample());
    Path file = directory.resolve(FileMembershipStore.FILE_NAME);
    byte[] current = Files.readAllBytes(file);
    int withoutStatus = current.length - 8;
    java.nio.ByteBuffer older = java.nio.ByteBuffer.allocate(withoutStatus + 4);
    older.put(current, 0, withoutStatus).putInt(0, 1);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(older.array(), 0, withoutStatus);
    older.putInt(withoutStatus, (int) crc.getValue());
    Files.write(file, older.array());

    MembershipStore.Saved loaded = new FileMembershipStore(directory).load().orElseThrow();

    assertThat(loaded.status()).isEqualTo(MemberStatus.NORMAL);
    assertThat(loaded.tokens()).containsExactly(sample().tokens());
    assertThat(loaded.members()).isEqualTo(sample().members());
  }

  @Test
  void aLaterSaveReplacesTheEarlierOne() {
    FileMembershipStore store = new FileMembershipStore(directory);
    store.save(sample());
    store.save(new MembershipStore.Saved(8, new long[] {1}, List.of()));

    MembershipStore.Saved loaded = new FileMembershipStore(directory).load().orElseThrow();

    assertThat(loaded.generation()).isEqualTo(8);
    assertThat(loaded.tokens()).containsExactly(1);
    assertThat(loaded.members()).isEmpty();
  }

  @Test
  void aMissingFileLoadsEmpty() {
    assertThat(new FileMembershipStore(directory).load()).isEmpty();
  }

  @Test
  void aFlippedByteAnywhereIsReportedCorruptNamingTheFileAndWhatToDo() throws Exception {
    new FileMembershipStore(directory).save(sample());
    Path file = directory.resolve(FileMembershipStore.FILE_NAME);
    byte[] good = Files.readAllBytes(file);

    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      Files.write(file, bad);
      int position = i;

      assertThatThrownBy(() -> new FileMembershipStore(directory).load())
          .as("byte %d of %d flipped", position, good.length)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(file + " is corrupt (its checksum does not match)")
          .hasMessageContaining("Restore it from a backup")
          .hasMessageContaining("delete it")
          .satisfies(e -> assertThat(e.getMessage().split(" is corrupt", -1)).hasSize(2));
    }
  }

  @Test
  void aTruncatedOrEmptyFileIsReportedCorrupt() throws Exception {
    new FileMembershipStore(directory).save(sample());
    Path file = directory.resolve(FileMembershipStore.FILE_NAME);
    byte[] good = Files.readAllBytes(file);

    for (int length : new int[] {0, 3, 19, good.length / 2, good.length - 1}) {
      Files.write(file, java.util.Arrays.copyOf(good, length));

      assertThatThrownBy(() -> new FileMembershipStore(directory).load())
          .as("%d of %d bytes", length, good.length)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("is corrupt");
    }
  }

  @Test
  void aLeftoverTemporaryFileDoesNotMatter() throws Exception {
    Path temporary = directory.resolve(FileMembershipStore.FILE_NAME + ".tmp");
    Files.write(temporary, new byte[] {1, 2, 3});
    assertThat(new FileMembershipStore(directory).load()).isEmpty();

    new FileMembershipStore(directory).save(sample());
    Files.write(
        temporary,
        new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});

    assertThat(new FileMembershipStore(directory).load().orElseThrow().generation()).isEqualTo(7);
    new FileMembershipStore(directory).save(new MembershipStore.Saved(9, new long[0], List.of()));
    assertThat(new FileMembershipStore(directory).load().orElseThrow().generation()).isEqualTo(9);
  }
}
