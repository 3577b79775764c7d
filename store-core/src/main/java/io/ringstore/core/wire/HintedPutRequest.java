package io.ringstore.core.wire;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.cluster.NodeId;
import java.util.Objects;

/**
 * A coordinator asks a stand-in to keep a write for a replica it could not reach (hinted handoff,
 * DeCandia et al., SOSP 2007, section 4.6): the stand-in stores {@code put} durably as a hint for
 * {@code owner}, answers {@link ReplicaPutResponse}, and replays it to the owner once the owner is
 * up again. The stand-in does not apply the version to its own data.
 *
 * @param owner the replica the write was meant for
 * @param put the write the owner is to receive
 */
public record HintedPutRequest(NodeId owner, ReplicaPutRequest put) implements PeerRequest {
  public HintedPutRequest {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(put, "put");
  }

  /** This hint as bytes, for a hint store: the wire body of the message. */
  public byte[] toBytes() {
    Output out = new Output(64 + put.key().length + valueLength(), -1);
    write(out, this);
    return out.toBytes();
  }

  /**
   * The hint {@link #toBytes} wrote.
   *
   * @throws IllegalArgumentException if {@code bytes} do not hold one
   */
  public static HintedPutRequest fromBytes(byte[] bytes) {
    try (Input in = new Input(bytes)) {
      HintedPutRequest hint = read(in, new NodeIdCache());
      if (in.position() != bytes.length) {
        throw new IllegalArgumentException(
            (bytes.length - in.position()) + " bytes follow the hint");
      }
      return hint;
    } catch (KryoException | MalformedFrameException e) {
      throw new IllegalArgumentException("not a hint: " + e.getMessage(), e);
    }
  }

  private int valueLength() {
    return put.version().isTombstone() ? 0 : put.version().value().length;
  }

  /** {@code nodeId owner, ReplicaPutRequest put}. */
  static void write(Output out, HintedPutRequest message) {
    WireFields.writeNodeId(out, message.owner());
    WireFields.writeBytes(out, message.put().key());
    WireFields.writeVersioned(out, message.put().version());
  }

  static HintedPutRequest read(Input in, NodeIdCache nodeIds) {
    NodeId owner = WireFields.readNodeId(in, nodeIds);
    return new HintedPutRequest(
        owner,
        new ReplicaPutRequest(
            WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key"),
            WireFields.readVersioned(in, nodeIds)));
  }
}
