package io.ringstore.core.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.version.Versioned;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL at random moments, over and over on the same directory, and
 * after each kill checks that every acknowledged write is readable with its value and that no value
 * anywhere is corrupt. The child ({@link CrashWriter}) writes under {@code ALWAYS} with group
 * commit from four threads, rolls segments every 64 KiB and compacts now and then, so kills land
 * mid-append, mid-fsync, mid-rollover and mid-compaction. The moment of each kill is a random
 * number of acknowledgements (sometimes zero: a kill during start-up or recovery).
 *
 * <p>A killed process leaves the page cache behind, so this test proves recovery of what reached
 * the kernel (index rebuild, hint files, interrupted compactions), not fsync: what a power cut
 * loses is tested on a power-cut image in {@link FsyncPolicyTest}.
 */
class CrashRecoveryTest {
  private static final int KILLS = 22;
  private static final int ACKS_BEFORE_KILL_MAX = 600;
  private static final long SEQUENCES_PER_RUN = 100_000_000L;
  private static final long CHILD_TIMEOUT_SECONDS = 60;

  @TempDir Path directory;

  private final Map<String, Long> ackedSequence = new HashMap<>();
  private int acksTotal;
  private int tornTails;
  private int corruptSkipped;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    Random random = new Random(Seeds.seed("CrashRecoveryTest"));
    for (int run = 1; run <= KILLS; run++) {
      int acksBeforeKill = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(ACKS_BEFORE_KILL_MAX);
      runAndKill(run * SEQUENCES_PER_RUN, acksBeforeKill);
      verifyRecovery(run);
    }
    System.out.printf(
        Locale.ROOT,
        "%d SIGKILLs, %d acknowledged writes, %d keys; recovery truncated %d torn tails and"
            + " skipped %d corrupt records%n",
        KILLS,
        acksTotal,
        ackedSequence.size(),
        tornTails,
        corruptSkipped);
    assertThat(acksTotal).isPositive();
  }

  private void runAndKill(long firstSequence, int acksBeforeKill) throws Exception {
    Process child = startChild(firstSequence);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = startReader(child, lines);
    int acks = 0;
    while (acks < acksBeforeKill) {
      String line = lines.poll(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(line).as("child output before its %d-th ack", acks + 1).isNotNull();
      assertThat(line).as("the child ended early").isNotEqualTo(EOF);
      acks += record(line);
    }
    child.destroyForcibly();
    assertThat(child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("exit status of a SIGKILLed JVM").isEqualTo(128 + 9);
    reader.join(TimeUnit.SECONDS.toMillis(CHILD_TIMEOUT_SECONDS));
    for (String line = lines.poll(); line != null; line = lines.poll()) {
      record(line);
    }
  }

  private Process startChild(long firstSequence) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            CrashWriter.class.getName(),
            directory.toString(),
            Long.toString(firstSequence))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static final String EOF = "<eof>";

  private static Thread startReader(Process child, BlockingQueue<String> lines) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("READ FAILED " + e);
              }
              lines.add(EOF);
            });
    reader.start();
    return reader;
  }

  /** Notes an {@code ACK key sequence} line; returns 1 for an ack, 0 for anything else. */
  private int record(String line) {
    if (!line.startsWith("ACK ")) {
      return 0;
    }
    String[] parts = line.split(" ");
    ackedSequence.merge(parts[1], Long.parseLong(parts[2]), Math::max);
    acksTotal++;
    return 1;
  }

  private void verifyRecovery(int run) {
    try (LogStorageEngine engine = LogEngines.open(LogEngines.options(directory))) {
      tornTails += (int) engine.stats().tornTailsTruncated();
      corruptSkipped += (int) engine.stats().corruptRecordsSkipped();
      for (Map.Entry<String, Long> acked : ackedSequence.entrySet()) {
        List<Versioned> versions = engine.get(CrashWriter.bytes(acked.getKey()));
        assertThat(versions).as("run %d: versions of %s", run, acked.getKey()).hasSize(1);
        long stored = versions.get(0).clock().counter(0);
        assertThat(stored)
            .as("run %d: %s holds a version at least as new as its last ack", run, acked.getKey())
            .isGreaterThanOrEqualTo(acked.getValue());
      }
      assertEveryValueIntact(engine, run);
    }
  }

  private static void assertEveryValueIntact(LogStorageEngine engine, int run) {
    Iterator<KeyVersions> all = engine.scan(TokenRange.full());
    while (all.hasNext()) {
      KeyVersions key = all.next();
      String name = new String(key.key(), StandardCharsets.UTF_8);
      for (Versioned version : key.versions()) {
        long sequence = version.clock().counter(0);
        assertThat(version.value())
            .as("run %d: value of %s at sequence %d", run, name, sequence)
            .isEqualTo(CrashWriter.valueFor(name, sequence));
      }
    }
  }
}
