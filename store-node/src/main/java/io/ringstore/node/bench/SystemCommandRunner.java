package io.ringstore.node.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes, each bounded by {@link #COMMAND_MILLIS_MAX}; keeps at most
 * {@link #OUTPUT_BYTES_MAX} of their output.
 */
public final class SystemCommandRunner implements CommandRunner {
  /** Longest a command may take before it is killed and the call fails. */
  public static final long COMMAND_MILLIS_MAX = 10_000;

  /** Most output bytes kept. */
  public static final int OUTPUT_BYTES_MAX = 16 * 1024;

  @Override
  public Result run(List<String> command) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
    }
    try {
      String output = readBounded(process.getInputStream());
      if (!process.waitFor(COMMAND_MILLIS_MAX, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "'" + String.join(" ", command) + "' did not finish in " + COMMAND_MILLIS_MAX + " ms");
      }
      return new Result(process.exitValue(), output.trim());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the output of " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static String readBounded(InputStream output) throws IOException {
    byte[] kept = output.readNBytes(OUTPUT_BYTES_MAX);
    output.transferTo(OutputDiscard.INSTANCE);
    return new String(kept, StandardCharsets.UTF_8);
  }

  /** Swallows what is beyond the kept output, so that the command never blocks on a full pipe. */
  private static final class OutputDiscard extends java.io.OutputStream {
    static final OutputDiscard INSTANCE = new OutputDiscard();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
