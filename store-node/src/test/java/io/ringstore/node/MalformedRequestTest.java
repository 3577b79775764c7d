package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.client.RingstoreClient;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.DecodeResult;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.WireLimits;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed requests sent to a running node (unknown message ids, oversized keys, a response where
 * a request belongs, a peer request from a client) get a clear error or a closed connection, and
 * the node keeps serving everyone else.
 */
class MalformedRequestTest {
  private static final int SOCKET_TIMEOUT_MILLIS = 10_000;
  private static final int PUT_REQUEST_TYPE_ID = 12;
  private static final int UNKNOWN_TYPE_ID = 999;

  @TempDir static Path directory;

  private static InProcessCluster cluster;
  private static RingstoreClient client;

  @BeforeAll
  static void start() {
    cluster = InProcessCluster.start(directory);
    client = RingstoreClient.builder().seeds(cluster.seeds()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  private static Member target() {
    return cluster.node(0).self();
  }

  private static void assertStillServes(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    client.put(bytes, bytes);
    assertThat(client.get(bytes).value()).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes));
  }

  @Test
  void anUnknownMessageIdIsAnsweredWithAProtocolErrorNamingIt() throws Exception {
    ByteArrayOutputStream body = header(UNKNOWN_TYPE_ID, 42);

    ErrorResponse error = (ErrorResponse) exchange(body).message();

    assertThat(error.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    assertThat(error.message()).contains("999");
    assertStillServes("after-unknown-id");
  }

  @Test
  void anOversizedKeyIsAnsweredWithAProtocolErrorNamingTheKey() throws Exception {
    ByteArrayOutputStream body = header(PUT_REQUEST_TYPE_ID, 43);
    writeVarInt(body, WireLimits.KEY_BYTES_MAX + 1);
    body.write(new byte[64]);

    ErrorResponse error = (ErrorResponse) exchange(body).message();

    assertThat(error.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    assertThat(error.message())
        .contains("key")
        .contains(Integer.toString(WireLimits.KEY_BYTES_MAX));
    assertStillServes("after-oversized-key");
  }

  @Test
  void aResponseSentAsARequestClosesOnlyThatConnection() throws Exception {
    byte[] pong = new FrameCodec(FrameLimits.defaults()).encode(44, new Pong(1));
    try (Socket socket = socket()) {
      socket.getOutputStream().write(pong);
      assertThat(socket.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
    }
    assertStillServes("after-wrong-type");
  }

  @Test
  void aReplicaRequestFromAClientIsRefusedNamingTheRule() throws Exception {
    ReplicaPutRequest bypass =
        new ReplicaPutRequest(
            "k".getBytes(StandardCharsets.UTF_8),
            Versioned.of(VectorClock.empty(), 1, new byte[] {1}));
    try (DirectCaller direct = new DirectCaller()) {
      ErrorResponse error = (ErrorResponse) direct.call(target(), bypass);

      assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(error.message()).contains("accepted only from cluster nodes");
    }
    assertStillServes("after-bypass");
  }

  private static ByteArrayOutputStream header(int typeId, long requestId) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(FrameCodec.PROTOCOL_VERSION);
    writeVarInt(body, typeId);
    writeVarInt(body, (int) requestId);
    return body;
  }

  private static void writeVarInt(ByteArrayOutputStream out, int value) {
    int rest = value;
    while ((rest & ~0x7F) != 0) {
      out.write((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out.write(rest);
  }

  private static Socket socket() throws IOException {
    Socket socket = new Socket(target().host(), target().port());
    socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
    return socket;
  }

  /** Sends one hand-made frame body and reads the one answer frame. */
  private static Frame exchange(ByteArrayOutputStream body) throws IOException {
    byte[] bytes = body.toByteArray();
    try (Socket socket = socket()) {
      java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
      out.writeInt(bytes.length);
      out.write(bytes);
      out.flush();
      return readFrame(socket.getInputStream());
    }
  }

  private static Frame readFrame(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int frameBytes = data.readInt();
    byte[] frame = new byte[FrameCodec.LENGTH_PREFIX_BYTES + frameBytes];
    java.nio.ByteBuffer.wrap(frame).putInt(frameBytes);
    data.readFully(frame, FrameCodec.LENGTH_PREFIX_BYTES, frameBytes);
    DecodeResult result = new FrameCodec(FrameLimits.defaults()).decode(frame);
    if (result instanceof DecodeResult.Decoded decoded) {
      return decoded.frame();
    }
    throw new EOFException("the node sent a bad frame: " + result);
  }
}
