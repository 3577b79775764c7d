/**
 * Time as an injected dependency. {@link io.ringstore.core.time.Clock} is read by every piece of
 * protocol logic; the node wires the system clock, tests and the simulator a manual one.
 */
package io.ringstore.core.time;
