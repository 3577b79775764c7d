/**
 * Time as an injected dependency. {@link io.ringstore.core.time.Clock} is read by every piece of
 * protocol logic and {@link io.ringstore.core.time.Scheduler} runs its timers; the node and the
 * client wire {@link io.ringstore.core.time.SystemClock} (the one class here that reads the JVM's
 * clocks) and an executor, tests and the simulator a manual clock and scheduler.
 */
package io.ringstore.core.time;
