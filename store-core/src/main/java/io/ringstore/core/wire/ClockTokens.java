package io.ringstore.core.wire;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.version.VectorClock;
import java.util.Base64;

/**
 * A version's clock as a short printable token (URL-safe base64 of its wire form), so that the
 * command line can print a version and take it back: {@code ringstore get --serial} prints it,
 * {@code ringstore put --if-version} reads it.
 */
public final class ClockTokens {
  private ClockTokens() {}

  /** The token of {@code clock}. */
  public static String encode(VectorClock clock) {
    Output out = new Output(64, -1);
    WireFields.writeClock(out, clock);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toBytes());
  }

  /**
   * The clock of {@code token}.
   *
   * @throws IllegalArgumentException if it is not a token {@link #encode} made, saying so
   */
  public static VectorClock decode(String token) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(token);
      Input in = new Input(bytes);
      VectorClock clock = WireFields.readClock(in, new NodeIdCache());
      if (in.position() != bytes.length) {
        throw new IllegalArgumentException("it has bytes after its clock");
      }
      return clock;
    } catch (IllegalArgumentException | KryoException | MalformedFrameException e) {
      throw new IllegalArgumentException(
          "'"
              + token
              + "' is not a version as `ringstore get --serial` prints it ("
              + e.getMessage()
              + ")",
          e);
    }
  }
}
