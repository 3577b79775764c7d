/**
 * The wire protocol: messages, their type ids and the frame codec.
 *
 * <ul>
 *   <li>{@link io.ringstore.core.wire.Message} and its sealed sub-interfaces ({@link
 *       io.ringstore.core.wire.ClientRequest}, {@link io.ringstore.core.wire.PeerRequest}, {@link
 *       io.ringstore.core.wire.Response}) close the set of messages; each message is a record
 *       ({@link io.ringstore.core.wire.PutRequest}, ...) whose constructor checks its bounds.
 *   <li>{@link io.ringstore.core.wire.RingRequest} and {@link io.ringstore.core.wire.RingResponse}
 *       hand a node's ring snapshot to a client that routes requests by itself.
 *   <li>{@link io.ringstore.core.wire.WireLimits} names those bounds; {@link
 *       io.ringstore.core.wire.Consistency} and {@link io.ringstore.core.wire.ErrorCode} are the
 *       small values messages carry.
 *   <li>{@link io.ringstore.core.wire.MessageCatalog} maps type id to class to serializer, with the
 *       id ranges later messages take.
 *   <li>{@link io.ringstore.core.wire.FrameCodec} turns a message into a length-prefixed, versioned
 *       frame and back; decoding yields a {@link io.ringstore.core.wire.DecodeResult}: a {@link
 *       io.ringstore.core.wire.Frame} or a {@link io.ringstore.core.wire.ProtocolError}, never an
 *       exception. {@link io.ringstore.core.wire.FrameLimits} bounds the frame size.
 *   <li>Package-private: {@code ClientMessageSerializers} and {@code PeerMessageSerializers} hold
 *       the hand-written Kryo serializers; {@code WireFields} reads and writes shared fields with
 *       every length checked before allocation.
 * </ul>
 */
package io.ringstore.core.wire;
