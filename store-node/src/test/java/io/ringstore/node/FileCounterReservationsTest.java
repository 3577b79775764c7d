package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCounterReservationsTest {
  @TempDir Path directory;

  @Test
  void aNodeWithNoFileHasReservedNothing() {
    assertThat(new FileCounterReservations(directory).reserved()).isZero();
  }

  @Test
  void aReservationSurvivesANewInstanceAsAfterARestart() {
    new FileCounterReservations(directory).reserve(1_700_000_000_123_456L);

    assertThat(new FileCounterReservations(directory).reserved()).isEqualTo(1_700_000_000_123_456L);
    assertThat(directory.resolve(FileCounterReservations.FILE_NAME + ".tmp")).doesNotExist();
  }

  @Test
  void aCorruptFileIsRefusedNamingItAndWhatToDo() throws Exception {
    new FileCounterReservations(directory).reserve(42);
    Path file = directory.resolve(FileCounterReservations.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    bytes[3] ^= 0x10;
    Files.write(file, bytes);

    assertThatThrownBy(() -> new FileCounterReservations(directory).reserved())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is corrupt");
  }
}
