package io.ringstore.core.wire;

/**
 * Everything that travels in a frame. The set is closed: a frame can only ever decode to one of
 * these records, each registered with a fixed type id in {@link MessageCatalog}.
 *
 * <p>Messages hold byte arrays without copying them, for speed: whoever builds a message hands the
 * arrays over and must not change them afterwards; a decoded message owns fresh arrays.
 */
public sealed interface Message permits Request, Response {}
