package io.ringstore.core.wire;

/**
 * The answer to a {@link Ping}.
 *
 * @param sentNanos the {@link Ping#sentNanos()} echoed, so the sender measures the round trip
 */
public record Pong(long sentNanos) implements Response {}
