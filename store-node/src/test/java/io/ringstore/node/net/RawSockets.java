package io.ringstore.node.net;

import java.io.IOException;
import java.io.InputStream;

/** Reading a raw socket the server is expected to close; for tests. */
final class RawSockets {
  private RawSockets() {}

  /** Reads until the server closes; returns the bytes read. Fails on the socket's read timeout. */
  static int readUntilClosed(InputStream in) throws IOException {
    int bytes = 0;
    for (int b = in.read(); b != -1; b = in.read()) {
      bytes++;
    }
    return bytes;
  }
}
