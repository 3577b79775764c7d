package io.ringstore.client.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Who a connection says it is and the secret it proves that with (never sends: see {@link
 * ChallengeProofs}). Nodes authenticate to each other as {@link #NODE} with the cluster secret.
 *
 * @param identity a user name of the node's client secrets, or {@link #NODE}
 * @param secret at least {@link #SECRET_BYTES_MIN} bytes
 */
public record Credentials(String identity, byte[] secret) {
  /** The identity of a cluster member proving the cluster secret. */
  public static final String NODE = "node";

  /** Shortest secret accepted: 128 bits. */
  public static final int SECRET_BYTES_MIN = 16;

  /** Checks the identity and the secret's length; copies the secret. */
  public Credentials {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(secret, "secret");
    if (identity.isBlank() || identity.length() > 64 || identity.contains(":")) {
      throw new IllegalArgumentException(
          "identity must be 1 to 64 characters without ':', not '" + identity + "'");
    }
    if (secret.length < SECRET_BYTES_MIN) {
      throw new IllegalArgumentException(
          "the secret of "
              + identity
              + " has "
              + secret.length
              + " bytes; use at least "
              + SECRET_BYTES_MIN
              + " (e.g. openssl rand -hex 32)");
    }
    secret = secret.clone();
  }

  /**
   * The credentials of {@code identity} whose secret is the text of {@code file} (surrounding
   * whitespace and the final newline removed).
   *
   * @throws UncheckedIOException if the file cannot be read, naming it
   */
  public static Credentials fromFile(String identity, Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return new Credentials(identity, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the secret file " + file + ": " + e, e);
    }
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Credentials that
        && identity.equals(that.identity)
        && Arrays.equals(secret, that.secret);
  }

  @Override
  public int hashCode() {
    return identity.hashCode() * 31 + Arrays.hashCode(secret);
  }

  /** Names the identity only: a secret never reaches a log. */
  @Override
  public String toString() {
    return "Credentials[" + identity + "]";
  }
}
